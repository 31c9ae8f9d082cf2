/**
 * Re-enrolment on a new phone. Support starts a reset; the user gets a single-use, expiring link at
 * the login address; the mailbox plus the password is what lets them enrol again, so no agent ever
 * sees or hands over a secret. Every step is recorded with its time, and `version` moves on each
 * change so consoles can wait for the next one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Agent } from '../../../src-shared/api.js';
import { OPEN_TICKET_STATUSES, TICKET_STEPS, type EnrollmentTicket, type StartReset } from '../../../src-shared/resetApi.js';
import type { ChangeSignals } from '../../store/changeSignals.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable, EnrollmentTicketsTable } from '../../store/schema.js';
import { findAccountRow } from '../accounts/accounts.js';
import { afterSuccess, assertLinkMayAttempt } from '../credentials/attemptThrottle.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { addSeconds, iso } from '../platform/clock.js';
import { runIdempotent } from '../platform/idempotency.js';
import { deliverNotification, queueNotification, REDACTED, type Mailer } from '../mail/notifications.js';
import { conflict, DeskProblem, notFound } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { revokeAllSessions } from '../credentials/sessions.js';

export interface TicketDeps {
  db: Db;
  mailer: Mailer | null;
  now: () => Date;
  lifetimeHours: number;
  /** Seals the link e-mail as sent, so no one reading the outbox sees a live link. */
  box: SecretBox;
  /** Wakes consoles watching a ticket when it changes, on this instance or another. */
  signals: ChangeSignals;
  /** How often a watching console's ticket is read again with no change announced (a lost announcement). */
  watchRecheckMs: number;
}

const STEP_COLUMNS = {
  email_sent: 'emailSentAt',
  link_opened: 'linkOpenedAt',
  signed_in: 'signedInAt',
  qr_shown: 'qrShownAt',
  enrolled: 'enrolledAt',
} as const;
type Step = keyof typeof STEP_COLUMNS;

export const hashTicketToken = (token: string) => createHash('sha256').update(token).digest('hex');

const ticketKey = (ticketId: string) => `ticket:${ticketId}`;

/** Wakes the consoles watching these tickets; call once the change is committed. */
export async function ticketsChanged(deps: Pick<TicketDeps, 'signals'>, ...ticketIds: string[]): Promise<void> {
  await Promise.all(ticketIds.map((id) => deps.signals.changed(ticketKey(id))));
}

/** At most this many open re-enrolments are listed for one agent. */
const MY_OPEN_TICKETS = 50;

export function toTicket(row: EnrollmentTicketsTable, login: string, now: Date): EnrollmentTicket {
  const expired = OPEN_TICKET_STATUSES.includes(row.status) && row.expiresAt <= iso(now);
  return {
    id: row.id,
    accountId: row.accountId,
    accountLogin: login,
    channel: row.channel,
    reason: row.reason,
    ticketRef: row.ticketRef,
    revokeOldNow: row.revokeOldNow === 1,
    status: expired ? 'expired' : row.status,
    version: row.version,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    steps: {
      issued: row.createdAt,
      email_sent: row.emailSentAt,
      link_opened: row.linkOpenedAt,
      signed_in: row.signedInAt,
      qr_shown: row.qrShownAt,
      enrolled: row.enrolledAt,
    },
    endedAt: expired ? row.expiresAt : row.endedAt,
    emailsSent: row.emailsSent,
  };
}

function ticketEmail(account: AccountsTable, link: string, expiresAt: string) {
  return {
    subject: 'Set up MFA on your new phone',
    body: [
      `Hello ${account.displayName},`,
      '',
      `Support has started setting up multi-factor authentication (MFA) again for your account ${account.login}, for a new phone.`,
      '',
      `Open this link and sign in with your e-mail and password: ${link}`,
      `The link works once and until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC.`,
      '',
      'Then: 1. Install the Google Authenticator app on your phone. 2. Make sure the phone sets its date and time automatically (phone settings > Date and time). 3. Scan the QR code (or open its text version). 4. Type the 6-digit code without spaces.',
      '',
      'If you did not ask support for this, do not open the link and contact support at once.',
      '',
      'MFA Desk support',
    ].join('\n'),
  };
}

/** Moves a ticket forward to `step` (never backwards) and bumps its version; returns false when it could not. */
export async function advanceTicket(db: Db, ticketId: string, step: Step, now: Date): Promise<boolean> {
  const earlier = TICKET_STEPS.slice(0, TICKET_STEPS.indexOf(step));
  const result = await db
    .updateTable('enrollmentTickets')
    .set((eb) => ({
      status: step,
      [STEP_COLUMNS[step]]: iso(now),
      version: eb('version', '+', 1),
      ...(step === 'enrolled' ? { endedAt: iso(now) } : {}),
    }))
    .where('id', '=', ticketId)
    .where('status', 'in', earlier)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Sends (or re-sends) the link e-mail; only ever with a fresh token, so only the newest link works.
 * The token itself is never stored: its hash finds the ticket, and the e-mail as sent is sealed.
 */
async function sendLink(tx: Db, box: SecretBox, ticket: EnrollmentTicketsTable, account: AccountsTable, linkBase: string, now: Date) {
  const token = randomBytes(32).toString('base64url');
  await tx
    .updateTable('enrollmentTickets')
    .set((eb) => ({ tokenHash: hashTicketToken(token), emailsSent: eb('emailsSent', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', ticket.id)
    .execute();
  const link = (secret: string) => `${linkBase}/account/enrol#ticket=${secret}`;
  const shown = ticketEmail(account, link(REDACTED), ticket.expiresAt);
  const sent = ticketEmail(account, link(token), ticket.expiresAt);
  return queueNotification(tx, { accountId: account.id, to: account.login, ...shown }, now, { text: sent.body, box });
}

async function deliverLink(deps: TicketDeps, ticketId: string, outboxId: string) {
  const sent = await deliverNotification(deps.db, deps.mailer, outboxId, deps.now);
  // With no SMTP configured the outbox is the delivery (the embedded default shows it in the console).
  if (sent.sentAt || !deps.mailer) await advanceTicket(deps.db, ticketId, 'email_sent', deps.now());
  await ticketsChanged(deps, ticketId);
}

export async function startReset(
  deps: TicketDeps,
  accountId: string,
  agent: Agent,
  body: StartReset,
  linkBase: string,
  idempotencyKey: string,
): Promise<EnrollmentTicket> {
  const now = deps.now();
  const replaced: string[] = [];
  const { value } = await runIdempotent(
    deps.db,
    { agentId: agent.id, key: idempotencyKey, operation: `mfa.reset:${accountId}`, body },
    now,
    async (tx) => {
      const account = await findAccountRow(tx, accountId);
      const actor = {
        ...agentActor(agent),
        accountId,
        accountLogin: account.login,
        reason: body.reason,
        ticketRef: body.ticketRef,
      };
      // A new reset replaces an open one: its link stops working.
      const open = await tx
        .selectFrom('enrollmentTickets')
        .select('id')
        .where('accountId', '=', accountId)
        .where('status', 'in', OPEN_TICKET_STATUSES)
        .execute();
      replaced.push(...open.map(({ id }) => id));
      for (const { id } of open) {
        await tx
          .updateTable('enrollmentTickets')
          .set((eb) => ({ status: 'cancelled', endedAt: iso(now), version: eb('version', '+', 1) }))
          .where('id', '=', id)
          .execute();
        await appendAudit(tx, { ...actor, action: 'mfa.reset.cancelled', details: { ticketId: id, replacedBy: 'new reset' } }, now);
      }
      if (body.revokeOldNow && account.mfaState !== 'off') {
        await tx
          .updateTable('totpFactors')
          .set({ status: 'revoked', revokedAt: iso(now) })
          .where('accountId', '=', accountId)
          .where('status', 'in', ['active', 'pending'])
          .execute();
        await tx.updateTable('accounts').set({ mfaState: 'off' }).where('id', '=', accountId).execute();
        await revokeAllSessions(tx, 'user', accountId, now);
      }
      // The account's own lock stays as it is, even one for good: the link counts its own tries
      // (ticketLink.ts), and only enrolling through it clears the account's count.
      const row: EnrollmentTicketsTable = {
        id: randomUUID(),
        accountId,
        tokenHash: '',
        channel: body.channel,
        reason: body.reason,
        ticketRef: body.ticketRef,
        revokeOldNow: body.revokeOldNow ? 1 : 0,
        status: 'issued',
        version: 1,
        createdBy: agent.id,
        createdByLabel: agent.email,
        createdAt: iso(now),
        expiresAt: iso(addSeconds(now, deps.lifetimeHours * 3600)),
        emailSentAt: null,
        linkOpenedAt: null,
        signedInAt: null,
        qrShownAt: null,
        enrolledAt: null,
        endedAt: null,
        emailsSent: 0,
        ...afterSuccess(),
      };
      await tx
        .insertInto('enrollmentTickets')
        .values({ ...row, tokenHash: `pending:${row.id}` })
        .execute();
      const outbox = await sendLink(tx, deps.box, row, account, linkBase, now);
      await appendAudit(
        tx,
        {
          ...actor,
          action: 'mfa.reset.started',
          details: {
            ticketId: row.id,
            channel: body.channel,
            revokeOldNow: body.revokeOldNow,
            previousState: account.mfaState,
            expiresAt: row.expiresAt,
          },
        },
        now,
      );
      return { ticketId: row.id, outboxId: outbox.id };
    },
  );
  await ticketsChanged(deps, ...replaced);
  await deliverLink(deps, value.ticketId, value.outboxId);
  return getTicket(deps, value.ticketId);
}

export async function getTicket(deps: Pick<TicketDeps, 'db' | 'now'>, ticketId: string): Promise<EnrollmentTicket> {
  // One query: consoles watching a ticket read it several times a second.
  const row = await deps.db
    .selectFrom('enrollmentTickets as t')
    .innerJoin('accounts as a', 'a.id', 't.accountId')
    .selectAll('t')
    .select('a.login')
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!row) throw notFound('enrollment_ticket');
  return toTicket(row, row.login, deps.now());
}

export async function currentTicket(deps: Pick<TicketDeps, 'db' | 'now'>, accountId: string): Promise<EnrollmentTicket | null> {
  const account = await findAccountRow(deps.db, accountId);
  const row = await deps.db
    .selectFrom('enrollmentTickets')
    .selectAll()
    .where('accountId', '=', accountId)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toTicket(row, account.login, deps.now()) : null;
}

/** The re-enrolments an agent started that are still under way (expired ones drop out), newest first. */
export async function openTicketsOf(deps: Pick<TicketDeps, 'db' | 'now'>, agentId: string): Promise<EnrollmentTicket[]> {
  const now = deps.now();
  const rows = await deps.db
    .selectFrom('enrollmentTickets as t')
    .innerJoin('accounts as a', 'a.id', 't.accountId')
    .selectAll('t')
    .select('a.login')
    .where('t.createdBy', '=', agentId)
    .where('t.status', 'in', OPEN_TICKET_STATUSES)
    .where('t.expiresAt', '>', iso(now))
    .orderBy('t.createdAt', 'desc')
    .limit(MY_OPEN_TICKETS)
    .execute();
  return rows.map((row) => toTicket(row, row.login, now));
}

/**
 * Long poll: answers as soon as the ticket's version passes `after`, or after `waitSeconds` with its
 * state. It reads the ticket when woken by a change (ticketsChanged, on any instance), when the ticket
 * expires, and every `watchRecheckMs` in case an announcement was lost; an idle watch costs nothing between.
 */
export async function waitForTicket(
  deps: Pick<TicketDeps, 'db' | 'now' | 'signals' | 'watchRecheckMs'>,
  ticketId: string,
  after: number,
  waitSeconds: number,
  signal: AbortSignal,
): Promise<EnrollmentTicket> {
  const deadline = Date.now() + waitSeconds * 1000;
  const watch = await deps.signals.watch(ticketKey(ticketId));
  try {
    for (;;) {
      const ticket = await getTicket(deps, ticketId);
      // A ticket that expires while watched is a change too.
      if (ticket.version > after || ticket.status === 'expired' || Date.now() >= deadline || signal.aborted) return ticket;
      const untilExpiry = Date.parse(ticket.expiresAt) - deps.now().getTime() + 1;
      await watch.next(Math.min(deadline - Date.now(), deps.watchRecheckMs, untilExpiry), signal);
    }
  } finally {
    watch.stop();
  }
}

async function openRow(deps: TicketDeps, ticketId: string, now: Date) {
  const row = await deps.db.selectFrom('enrollmentTickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!row) throw notFound('enrollment_ticket');
  if (!OPEN_TICKET_STATUSES.includes(row.status))
    throw conflict('ticket_closed', `This re-enrolment has already ${row.status === 'enrolled' ? 'finished' : 'been cancelled'}.`);
  return { row, expired: row.expiresAt <= iso(now) };
}

export async function cancelTicket(deps: TicketDeps, ticketId: string, agent: Agent): Promise<EnrollmentTicket> {
  const now = deps.now();
  await deps.db.transaction().execute(async (tx) => {
    const { row } = await openRow({ ...deps, db: tx }, ticketId, now);
    const account = await findAccountRow(tx, row.accountId);
    await tx
      .updateTable('enrollmentTickets')
      .set((eb) => ({ status: 'cancelled', endedAt: iso(now), version: eb('version', '+', 1) }))
      .where('id', '=', ticketId)
      .execute();
    await appendAudit(
      tx,
      {
        ...agentActor(agent),
        action: 'mfa.reset.cancelled',
        accountId: account.id,
        accountLogin: account.login,
        ticketRef: row.ticketRef,
        details: { ticketId },
      },
      now,
    );
  });
  await ticketsChanged(deps, ticketId);
  return getTicket(deps, ticketId);
}

/** A new link (the old one stops working) and a fresh lifetime. */
export async function resendTicket(deps: TicketDeps, ticketId: string, agent: Agent, linkBase: string): Promise<EnrollmentTicket> {
  const now = deps.now();
  const outboxId = await deps.db.transaction().execute(async (tx) => {
    const { row } = await openRow({ ...deps, db: tx }, ticketId, now);
    if (row.signedInAt) throw conflict('ticket_in_use', 'The user has already signed in with this link; it cannot be re-sent now.');
    const account = await findAccountRow(tx, row.accountId);
    const expiresAt = iso(addSeconds(now, deps.lifetimeHours * 3600));
    // A new link starts with its own wrong tries, as a new re-enrolment would.
    await tx
      .updateTable('enrollmentTickets')
      .set({ expiresAt, status: 'issued', emailSentAt: null, linkOpenedAt: null, ...afterSuccess() })
      .where('id', '=', ticketId)
      .execute();
    const outbox = await sendLink(tx, deps.box, { ...row, expiresAt }, account, linkBase, now);
    await appendAudit(
      tx,
      {
        ...agentActor(agent),
        action: 'mfa.reset.resent',
        accountId: account.id,
        accountLogin: account.login,
        ticketRef: row.ticketRef,
        details: { ticketId, expiresAt },
      },
      now,
    );
    return outbox.id;
  });
  await ticketsChanged(deps, ticketId);
  await deliverLink(deps, ticketId, outboxId);
  return getTicket(deps, ticketId);
}

/** The ticket behind a link token, if it can still be used; otherwise a problem the user page shows. */
export async function ticketForToken(deps: TicketDeps, token: string, now: Date): Promise<EnrollmentTicketsTable> {
  const row = await deps.db.selectFrom('enrollmentTickets').selectAll().where('tokenHash', '=', hashTicketToken(token)).executeTakeFirst();
  if (!row)
    throw new DeskProblem(
      404,
      'ticket_unknown',
      'This link is not valid (a newer link may have been sent). Use the newest e-mail, or contact support.',
    );
  if (row.status === 'enrolled') throw new DeskProblem(410, 'ticket_used', 'This link was already used: MFA is set up. Sign in as usual.');
  if (row.status === 'cancelled')
    throw new DeskProblem(410, 'ticket_cancelled', 'This link was cancelled by support. Contact support for a new one.');
  if (row.expiresAt <= iso(now)) throw new DeskProblem(410, 'ticket_expired', 'This link has expired. Contact support for a new one.');
  // A link locked by wrong tries says so at once, before anyone types a password into it.
  assertLinkMayAttempt(row, now);
  return row;
}

export const maskLogin = (login: string) => {
  const [local = '', domain = ''] = login.split('@');
  return `${local.slice(0, 2)}${'•'.repeat(Math.max(3, local.length - 2))}@${domain}`;
};
