/**
 * The catalogue: every console operation once. Its name is the page's `window.api.<area>.<name>`; its
 * route is the backend's, with the permission the server enforces. Main validates the page's input and
 * the backend's answer against these schemas, the server registers its routes from them, and the role
 * matrix test reads the permissions here (the audit area's entries are in auditOperations.ts). Adding an operation: an entry here, its name in ipc.ts, a
 * handler on the server (and an override in main only when main does work of its own).
 */
import Type, { type Static } from 'typebox';
import {
  AccountDetail,
  AccountPage,
  AccountSearchQuery,
  Agent,
  AgentSession,
  Cursor,
  AgentSignIn,
  AuditEventPage,
  DisableMfa,
  DisableRequest,
  Escalation,
  EscalationDecision,
  EscalationPage,
  EscalationQuery,
  Id,
  MfaDisabled,
  NewAccount,
  NewEscalation,
  Notification,
  NotificationPage,
  PageQuery,
  PasswordChange,
  SignInAttemptPage,
  TypedSender,
  UnlockAccount,
} from './api.js';
import { ClockCheck, ClockCheckResult, CurrentTicket, EnrollmentTicket, MyOpenTickets, StartReset, TicketWatchQuery } from './resetApi.js';
import { AppStatus, BackendChoice, LanguageChoice, LiveWorkSchema, NotificationChoice } from './consoleApi.js';
import { AUDIT_OPERATIONS } from './auditOperations.js';
import { INCOMING_OPERATIONS } from './incomingOperations.js';
import { MAX_MESSAGE_BYTES } from './limits.js';
import { closed, local, localRoute, NoInput, rawRoute, route, type Operation, type Route } from './operation.js';
import type { IpcOperation } from './ipc.js';

const account = { accountId: Id };
const onAccount = { accountId: 'id' };
const ticket = { ticketId: Id };
const onTicket = { ticketId: 'id' };
const ACCOUNTS = { tags: ['accounts'], refusals: [400, 401, 403, 404] };
const DISABLE = { tags: ['disable MFA'], refusals: [400, 401, 403, 404, 409, 413, 415, 422] };
const NEW_PHONE = { tags: ['new phone'], refusals: [400, 401, 403, 404, 409, 422, 429] };

export const OPERATIONS = {
  'app.status': local(NoInput, AppStatus),
  'app.reconnect': local(NoInput, AppStatus),
  'app.liveWork': local(NoInput, LiveWorkSchema),
  'settings.setBackend': local(BackendChoice, AppStatus),
  'settings.setNotifications': local(NotificationChoice, AppStatus),
  'settings.setLanguage': local(LanguageChoice, AppStatus),

  // ── the agent's own session ────────────────────────────────────────────────────────────────
  'session.signIn': localRoute({
    method: 'POST',
    path: '/admin/v1/sessions',
    access: 'public',
    tags: ['agents'],
    summary: 'Agent sign-in with password and the agent’s own TOTP code',
    body: AgentSignIn,
    status: 201,
    response: AgentSession,
    refusals: [400, 401, 423, 429, 503],
    output: AppStatus,
  }),
  'session.signOut': localRoute({
    method: 'DELETE',
    path: '/admin/v1/sessions/current',
    access: 'signedIn',
    tags: ['agents'],
    summary: 'Sign out',
    status: 204,
    response: Type.Null(),
    refusals: [401],
    output: AppStatus,
  }),
  'session.me': route({
    method: 'GET',
    path: '/admin/v1/me',
    access: 'signedIn',
    tags: ['agents'],
    summary: 'The signed-in agent',
    response: Agent,
    refusals: [401],
  }),
  'session.changePassword': localRoute({
    method: 'POST',
    path: '/admin/v1/me/password',
    access: 'signedIn',
    tags: ['agents'],
    summary: 'Replace your password (an invited agent must, before anything else)',
    body: PasswordChange,
    response: Agent,
    refusals: [400, 401, 422, 429, 503],
    output: AppStatus,
  }),

  // ── accounts ───────────────────────────────────────────────────────────────────────────────
  'accounts.search': route({
    ...ACCOUNTS,
    method: 'GET',
    path: '/admin/v1/accounts',
    access: 'accounts.read',
    summary: 'Search accounts by login, name, surname or @domain',
    query: AccountSearchQuery,
    response: AccountPage,
  }),
  'accounts.create': route({
    ...ACCOUNTS,
    method: 'POST',
    path: '/admin/v1/accounts',
    access: 'accounts.create',
    summary: 'Create an account (admin)',
    body: NewAccount,
    status: 201,
    response: AccountDetail,
    refusals: [...ACCOUNTS.refusals, 409],
  }),
  'accounts.get': route({
    ...ACCOUNTS,
    method: 'GET',
    path: '/admin/v1/accounts/:id',
    access: 'accounts.read',
    summary: 'One account and its MFA state',
    params: { id: Id },
    response: AccountDetail,
  }),
  'accounts.events': route({
    ...ACCOUNTS,
    method: 'GET',
    path: '/admin/v1/accounts/:id/events',
    access: 'accounts.read',
    summary: 'An account’s history, newest first',
    params: { id: Id },
    query: PageQuery,
    response: AuditEventPage,
  }),

  'accounts.signIns': route({
    ...ACCOUNTS,
    method: 'GET',
    path: '/admin/v1/accounts/:id/sign-ins',
    access: 'accounts.read',
    summary: 'The user’s sign-in attempts (password and code, failures and successes, source address), newest first',
    params: { id: Id },
    query: PageQuery,
    response: SignInAttemptPage,
  }),
  'accounts.unlock': route({
    ...ACCOUNTS,
    method: 'POST',
    path: '/admin/v1/accounts/:id/unlock',
    access: 'accounts.unlock',
    summary: 'Lift a temporary sign-in lock (reason and ticket, audited); the lock after 100 failures needs re-enrolment instead',
    params: { id: Id },
    idempotent: true,
    body: UnlockAccount,
    response: AccountDetail,
    refusals: [...ACCOUNTS.refusals, 409, 422],
  }),

  // ── disable requests, disabling, escalations ───────────────────────────────────────────────
  'disableRequests.checkMessage': rawRoute({
    ...DISABLE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/disable-requests',
    access: 'disableRequests.check',
    summary: 'Check a disable request: the raw e-mail (message/rfc822)',
    params: account,
    pathNames: onAccount,
    input: closed({
      ...account,
      rawBase64: Type.String({ minLength: 4, maxLength: Math.ceil(MAX_MESSAGE_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]*={0,2}$' }),
    }),
    rawBody: { field: 'rawBase64', contentType: 'message/rfc822' },
    status: 201,
    response: DisableRequest,
  }),
  'disableRequests.checkTypedSender': route({
    ...DISABLE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/disable-requests',
    access: 'disableRequests.check',
    summary: 'Check a disable request: the raw e-mail (message/rfc822), or a typed sender address (JSON) when no e-mail exists',
    description: `Body: the raw RFC 5322 message as \`message/rfc822\` (at most ${MAX_MESSAGE_BYTES} bytes), or \`{"senderAddress": "…"}\` as JSON when no e-mail exists (never better than unauthenticated).`,
    params: account,
    pathNames: onAccount,
    body: TypedSender,
    status: 201,
    response: DisableRequest,
  }),
  'disableRequests.get': route({
    ...DISABLE,
    method: 'GET',
    path: '/admin/v1/accounts/:id/disable-requests/:requestId',
    access: 'accounts.read',
    summary: 'One checked request',
    params: { ...account, requestId: Id },
    pathNames: onAccount,
    response: DisableRequest,
  }),
  'mfa.disable': route({
    ...DISABLE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/mfa/disable',
    access: 'mfa.disable',
    summary: 'Disable MFA, citing a verified request (needs an Idempotency-Key)',
    params: account,
    pathNames: onAccount,
    idempotent: true,
    body: DisableMfa,
    response: MfaDisabled,
  }),
  'escalations.create': route({
    ...DISABLE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/mfa/disable-escalations',
    access: 'mfa.disable',
    summary: 'Escalate a request that is not verified to an admin (two-person rule)',
    params: account,
    pathNames: onAccount,
    body: NewEscalation,
    status: 201,
    response: Escalation,
  }),
  'escalations.list': route({
    ...DISABLE,
    method: 'GET',
    path: '/admin/v1/escalations',
    access: 'accounts.read',
    summary: 'Escalations, newest first',
    query: EscalationQuery,
    response: EscalationPage,
  }),
  'escalations.decide': route({
    ...DISABLE,
    method: 'POST',
    path: '/admin/v1/escalations/:id/decision',
    access: 'escalations.decide',
    summary: 'Approve or reject an escalation (admin, not the one who raised it)',
    params: { id: Id },
    idempotent: true,
    body: EscalationDecision,
    response: Escalation,
  }),
  'outbox.list': route({
    method: 'GET',
    path: '/admin/v1/outbox',
    access: 'accounts.read',
    tags: ['notifications'],
    summary: 'E-mails to users, newest first (with SMTP off this is where they wait)',
    query: closed({
      accountId: Type.Optional(Id),
      cursor: Type.Optional(Cursor),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    }),
    response: NotificationPage,
    refusals: [400, 401, 403],
  }),
  'outbox.retry': route({
    method: 'POST',
    path: '/admin/v1/outbox/:id/retry',
    access: 'outbox.retry',
    tags: ['notifications'],
    summary: 'Put an e-mail whose delivery gave up back in the queue (same Message-ID) and try to send it now',
    description:
      'Only an e-mail marked failed can be retried (409 `not_failed` otherwise); one that carried a re-enrolment link is not (409 `link_email_not_retried`): send a new link instead. Its attempts start again from zero, with the usual backoff.',
    params: { emailId: Id },
    pathNames: { emailId: 'id' },
    response: Notification,
    refusals: [400, 401, 403, 404, 409],
  }),

  // ── re-enrolment on a new phone ────────────────────────────────────────────────────────────
  'reset.start': route({
    ...NEW_PHONE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/mfa/reset',
    access: 'mfa.reset',
    summary: 'Start re-enrolment on a new phone: a single-use link e-mailed to the login',
    params: account,
    pathNames: onAccount,
    idempotent: true,
    body: StartReset,
    status: 201,
    response: EnrollmentTicket,
  }),
  'reset.mine': route({
    ...NEW_PHONE,
    method: 'GET',
    path: '/admin/v1/me/enrollment-tickets',
    access: 'mfa.reset',
    summary: 'The re-enrolments you started that are not finished, newest first (at most 50)',
    response: MyOpenTickets,
    refusals: [401, 403],
  }),
  'reset.current': route({
    ...NEW_PHONE,
    method: 'GET',
    path: '/admin/v1/accounts/:id/mfa/reset',
    access: 'accounts.read',
    summary: 'The account’s latest re-enrolment ticket, if any',
    params: account,
    pathNames: onAccount,
    response: CurrentTicket,
  }),
  'reset.watch': route({
    ...NEW_PHONE,
    method: 'GET',
    path: '/admin/v1/enrollment-tickets/:id',
    access: 'accounts.read',
    summary: 'A ticket; with ?after=<version>&waitSeconds=25 it answers when the ticket changes (long poll)',
    params: ticket,
    pathNames: onTicket,
    query: TicketWatchQuery,
    response: EnrollmentTicket,
    // Long poll: the server answers when the ticket changes, so the wait (at most 30 s) must fit.
    timeoutMs: 40_000,
  }),
  'reset.cancel': route({
    ...NEW_PHONE,
    method: 'POST',
    path: '/admin/v1/enrollment-tickets/:id/cancel',
    access: 'mfa.reset',
    summary: 'Cancel a re-enrolment: its link stops working',
    params: ticket,
    pathNames: onTicket,
    response: EnrollmentTicket,
  }),
  'reset.resend': route({
    ...NEW_PHONE,
    method: 'POST',
    path: '/admin/v1/enrollment-tickets/:id/resend',
    access: 'mfa.reset',
    summary: 'Send a new link (the old one stops working) with a fresh lifetime',
    params: ticket,
    pathNames: onTicket,
    response: EnrollmentTicket,
  }),
  'reset.clockCheck': route({
    ...NEW_PHONE,
    method: 'POST',
    path: '/admin/v1/accounts/:id/mfa/clock-check',
    access: 'mfa.reset',
    summary: 'A code the user reads out → how far off the phone’s clock is',
    params: account,
    pathNames: onAccount,
    body: ClockCheck,
    response: ClockCheckResult,
  }),

  ...AUDIT_OPERATIONS,
  ...INCOMING_OPERATIONS,
} satisfies Record<IpcOperation, Operation>;
export type Operations = typeof OPERATIONS;
/** The operations the backend answers (the rest are main's own). */
export type BackendOperation = { [Op in IpcOperation]: Operations[Op]['route'] extends Route ? Op : never }[IpcOperation];
/** What the backend answers an operation with. */
export type BackendAnswer<Op extends BackendOperation> = Operations[Op]['route'] extends Route<infer R> ? Static<R> : never;
