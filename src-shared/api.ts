/**
 * The HTTP contract of the reference backend: one TypeBox schema per body, query and response.
 * The server validates with these, the OpenAPI document is generated from them, and the console's
 * main process types its backend client with them.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { ACTOR_TYPES, MFA_STATES, ROLES } from './domain.js';

/**
 * A login (or an agent's e-mail) is a plain addr-spec: a dot-atom local part of at most 64 characters
 * (RFC 5321 §4.5.3.1.1; RFC 6532 lets it hold non-ASCII letters), '@' and a host name. No display name,
 * quotes or comments, so the stored text is exactly where mail goes. The server applies the same
 * pattern and the checks a pattern cannot make (src-server/domain/accounts/loginAddress.ts).
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]+";
const LABEL = '[A-Za-z0-9_\\u0080-\\uFFFF-]+';
export const LOGIN_PATTERN = `^(?=[^@]{1,64}@)${ATOM}(\\.${ATOM})*@${LABEL}(\\.${LABEL})*$`;
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: LOGIN_PATTERN });
export const IsoTime = Type.String({ format: 'date-time' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'six digits, no spaces' });
export const Cursor = Type.String({ maxLength: 512, pattern: '^[A-Za-z0-9_-]*$' });

export const MfaStateSchema = Type.Enum(MFA_STATES);
export const RoleSchema = Type.Enum(ROLES);

/** RFC 9457 problem details, with our stable machine `code`. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  retryAfterSeconds: Type.Optional(Type.Integer()),
  /** The values the sentence was filled in with, by name, so a client can word it in its own language. */
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type Problem = Static<typeof Problem>;

export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Cursor, Type.Null()]) });
export type Page<T> = { items: T[]; nextCursor: string | null };

// ── agents and sessions ──────────────────────────────────────────────────────────────────────

export const Agent = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  /** An invited agent must choose their own password before anything else is allowed. */
  mustChangePassword: Type.Boolean(),
});
export type Agent = Static<typeof Agent>;

export const AgentSignIn = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }), code: TotpCode },
  { additionalProperties: false },
);
export type AgentSignIn = Static<typeof AgentSignIn>;

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 12, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;

export const AgentSession = Type.Object({ token: Type.String(), expiresAt: IsoTime, agent: Agent });
export type AgentSession = Static<typeof AgentSession>;

// ── accounts ─────────────────────────────────────────────────────────────────────────────────

export const MfaStatus = Type.Object({
  state: MfaStateSchema,
  enrolledAt: Type.Union([IsoTime, Type.Null()]),
  lastUsedAt: Type.Union([IsoTime, Type.Null()]),
  failedAttempts: Type.Integer({ minimum: 0 }),
  lockedUntil: Type.Union([IsoTime, Type.Null()]),
});
export type MfaStatus = Static<typeof MfaStatus>;

/** The language of a user's e-mails and account pages (issue 13 §8): English unless set otherwise. */
export const ACCOUNT_LANGUAGES = ['en', 'de'] as const;
export const AccountLanguage = Type.Enum(ACCOUNT_LANGUAGES);
export type AccountLanguage = Static<typeof AccountLanguage>;

export const AccountSummary = Type.Object({
  id: Id,
  login: Type.String(),
  displayName: Type.String(),
  department: Type.String(),
  mfaState: MfaStateSchema,
});
export type AccountSummary = Static<typeof AccountSummary>;

export const AccountDetail = Type.Object({
  id: Id,
  login: Type.String(),
  displayName: Type.String(),
  department: Type.String(),
  /** The language the user's e-mails and account pages are written in. */
  locale: AccountLanguage,
  createdAt: IsoTime,
  mfa: MfaStatus,
});
export type AccountDetail = Static<typeof AccountDetail>;

export const AccountSearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 254 }),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type AccountSearchQuery = Static<typeof AccountSearchQuery>;
export const AccountPage = page(AccountSummary);

export const NewAccount = Type.Object(
  {
    login: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    department: Type.String({ maxLength: 200 }),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
    /** The user's language for e-mails and account pages; English when left out. */
    locale: Type.Optional(AccountLanguage),
  },
  { additionalProperties: false },
);
export type NewAccount = Static<typeof NewAccount>;

/** Lifting a temporary lock: why, and the support ticket it belongs to (audited). */
export const UnlockAccount = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 1000 }), ticketRef: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type UnlockAccount = Static<typeof UnlockAccount>;

export const SIGN_IN_STEPS = ['password', 'code'] as const;
export const SIGN_IN_OUTCOMES = ['succeeded', 'failed', 'replayed', 'locked'] as const;
/** One sign-in attempt of a user, read from the audit log: which step, how it ended, when and from where. */
export const SignInAttempt = Type.Object({
  seq: Type.Integer(),
  at: IsoTime,
  step: Type.Enum(SIGN_IN_STEPS),
  outcome: Type.Enum(SIGN_IN_OUTCOMES),
  /** Where the attempt came from: the user pages, the re-enrolment link, or the first code of a set-up. */
  via: Type.Enum(['sign_in', 'reset_link', 'setup'] as const),
  /** The client's IP address as the backend saw it; null for attempts recorded before addresses were kept, or redacted by retention. */
  sourceAddress: Type.Union([Type.String(), Type.Null()]),
  /** Wrong attempts in a row after this one (failures and locks). */
  failedAttempts: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type SignInAttempt = Static<typeof SignInAttempt>;
export const SignInAttemptPage = page(SignInAttempt);

export const IdParams = Type.Object({ id: Id });
export const PageQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

// ── audit events (an account's history is its slice of the audit log) ────────────────────────

export const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: IsoTime,
  actorType: Type.Enum(ACTOR_TYPES),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  accountId: Type.Union([Type.String(), Type.Null()]),
  accountLogin: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  ticketRef: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  /** sha256 of the details as stored; the chain covers it, so retention can redact details. */
  detailsHash: Type.String(),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof AuditEvent>;
export const AuditEventPage = page(AuditEvent);

// ── end-user API ─────────────────────────────────────────────────────────────────────────────

export const UserLogin = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type UserLogin = Static<typeof UserLogin>;

export const UserLoginResult = Type.Union([
  Type.Object({ status: Type.Literal('mfa_required'), mfaToken: Type.String(), expiresAt: IsoTime }),
  Type.Object({ status: Type.Literal('signed_in'), token: Type.String(), expiresAt: IsoTime, mfaState: MfaStateSchema }),
]);
export type UserLoginResult = Static<typeof UserLoginResult>;

export const UserMfa = Type.Object(
  { mfaToken: Type.String({ minLength: 1, maxLength: 200 }), code: TotpCode },
  { additionalProperties: false },
);
export type UserMfa = Static<typeof UserMfa>;

export const UserProfile = Type.Object({
  login: Type.String(),
  displayName: Type.String(),
  mfaState: MfaStateSchema,
  canEnrollMfa: Type.Boolean(),
  locale: AccountLanguage,
});
export type UserProfile = Static<typeof UserProfile>;

/** The signed-in user chooses the language of their e-mails and account pages. */
export const UserLanguageChange = Type.Object({ locale: AccountLanguage }, { additionalProperties: false });
export type UserLanguageChange = Static<typeof UserLanguageChange>;

export const Enrollment = Type.Object({
  otpauthUri: Type.String(),
  qrCodeDataUrl: Type.String({ description: 'PNG of the otpauth URI as a data: URL' }),
  secretText: Type.String({ description: 'the key in groups of four, for "can\'t scan the QR code"' }),
  issuer: Type.String(),
  accountName: Type.String(),
});
export type Enrollment = Static<typeof Enrollment>;

export const EnrollmentConfirm = Type.Object({ code: TotpCode }, { additionalProperties: false });
export const EnrollmentConfirmed = Type.Object({ mfaState: MfaStateSchema, enrolledAt: IsoTime });
export type EnrollmentConfirmed = Static<typeof EnrollmentConfirmed>;

// ── disable requests, disabling, escalations ─────────────────────────────────────────────────

/**
 * Strongest first after `verified`: `invalid` > `lookalike` > `mismatch` > `unauthenticated` > `not_a_request`
 * (authentic mail from the login, but not a current request to support: misaddressed, undated, stale or used).
 */
export const DISABLE_VERDICTS = ['verified', 'mismatch', 'lookalike', 'unauthenticated', 'not_a_request', 'invalid'] as const;
export const DisableVerdict = Type.Enum(DISABLE_VERDICTS);
export type DisableVerdict = Static<typeof DisableVerdict>;

/** Checks of the From header's shape: failing one makes the message invalid. */
export const STRUCTURAL_CHECK_CODES = ['from_single_header', 'from_single_mailbox', 'from_address_syntax'] as const;
/** Checks for a sender that only looks like the login. */
export const LOOKALIKE_CHECK_CODES = [
  'hidden_characters',
  'encoded_word_trick',
  'confusable_characters',
  'mixed_scripts',
  'punycode_lookalike',
  'display_name_address',
  'plus_address_variant',
] as const;
/** Checks that bind authentic mail to a current request to support (else: not a request). */
export const REQUEST_BINDING_CHECK_CODES = [
  'addressed_to_support',
  'support_address_signed',
  'date_signed',
  'date_not_in_future',
  'date_within_max_age',
  'message_not_reused',
] as const;

/** Stable codes of a disable request's checks; the console keys its display on them. */
export const DISABLE_CHECK_CODES = [
  ...STRUCTURAL_CHECK_CODES,
  ...LOOKALIKE_CHECK_CODES,
  'address_matches_login',
  'dkim_aligned',
  'dmarc_trusted_receiver',
  'authenticated',
  ...REQUEST_BINDING_CHECK_CODES,
] as const;
export type DisableCheckCode = (typeof DISABLE_CHECK_CODES)[number];

/** Stable codes of a disable request's warnings (a verified request with one needs it acknowledged). */
export const DISABLE_WARNING_CODES = [
  'reply_to_elsewhere',
  'display_name_other_address',
  'message_id_missing',
  'message_id_reused',
] as const;
export type DisableWarningCode = (typeof DISABLE_WARNING_CODES)[number];

/** Why a character of the sender's address is marked. */
export const HIGHLIGHT_KINDS = ['invisible', 'confusable', 'mixed_script', 'punycode', 'plus_address'] as const;
export type HighlightKind = (typeof HIGHLIGHT_KINDS)[number];

export const DisableRequest = Type.Object({
  id: Id,
  accountId: Id,
  source: Type.Enum(['message', 'typed_address'] as const),
  verdict: DisableVerdict,
  checks: Type.Array(
    Type.Object({
      code: Type.Enum(DISABLE_CHECK_CODES),
      passed: Type.Boolean(),
      message: Type.String(),
      /** The specifics in the sentence (names in checkParams.ts), so the console can word it in its language. */
      params: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  ),
  warnings: Type.Array(Type.Object({ code: Type.Enum(DISABLE_WARNING_CODES), message: Type.String() })),
  headers: Type.Object({
    from: Type.Union([Type.Object({ address: Type.String(), name: Type.String() }), Type.Null()]),
    replyTo: Type.Array(Type.String()),
    date: Type.Union([Type.String(), Type.Null()]),
    messageId: Type.Union([Type.String(), Type.Null()]),
    subject: Type.Union([Type.String(), Type.Null()]),
  }),
  fromHighlights: Type.Array(
    Type.Object({
      char: Type.String(),
      index: Type.Integer(),
      /** Why, in English; the console words it from `kind` (absent on requests checked before it was sent). */
      reason: Type.String(),
      kind: Type.Optional(Type.Enum(HIGHLIGHT_KINDS)),
      /** What the character passes for (`confusable`), or how the domain is displayed (`punycode`). */
      shows: Type.Optional(Type.String()),
    }),
  ),
  /** The message's plain-text body (an excerpt, disguising characters removed), to read what the user asked; null without one. */
  bodyText: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  checkedAt: IsoTime,
  checkedBy: Type.String(),
  usedAt: Type.Union([IsoTime, Type.Null()]),
  /** Until when this request can back a disable (verified ones only). */
  usableUntil: Type.Union([IsoTime, Type.Null()]),
});
export type DisableRequest = Static<typeof DisableRequest>;

export const TypedSender = Type.Object({ senderAddress: Type.String({ minLength: 3, maxLength: 254 }) }, { additionalProperties: false });
export type TypedSender = Static<typeof TypedSender>;

const Reason = Type.String({ minLength: 3, maxLength: 1000 });
const TicketRef = Type.String({ minLength: 1, maxLength: 100 });

export const DisableMfa = Type.Object(
  {
    requestId: Id,
    reason: Reason,
    ticketRef: TicketRef,
    /** The codes of the request's warnings the agent acknowledged; every warning must be (absent: none was). */
    acknowledgedWarnings: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type DisableMfa = Static<typeof DisableMfa>;

export const Notification = Type.Object({
  id: Id,
  to: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: IsoTime,
  sentAt: Type.Union([IsoTime, Type.Null()]),
  /** The mail server's answer to the last failed attempt. */
  error: Type.Union([Type.String(), Type.Null()]),
  /** Failed attempts so far; delivery is retried with backoff until it succeeds or gives up. */
  attempts: Type.Integer({ minimum: 0 }),
  /** When delivery gave up (after the last allowed attempt): this e-mail will not be sent. */
  failedAt: Type.Union([IsoTime, Type.Null()]),
});
export type Notification = Static<typeof Notification>;

/** What a disable changed: the account, the request now used (its `usedAt` is the server's), and the notice to the user. */
export const MfaDisabled = Type.Object({
  account: AccountDetail,
  request: DisableRequest,
  notification: Notification,
  replyToUser: Type.String(),
});
export type MfaDisabled = Static<typeof MfaDisabled>;

export const ESCALATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const NewEscalation = Type.Object(
  { requestId: Type.Optional(Id), justification: Type.String({ minLength: 10, maxLength: 2000 }), reason: Reason, ticketRef: TicketRef },
  { additionalProperties: false },
);
export type NewEscalation = Static<typeof NewEscalation>;

export const Escalation = Type.Object({
  id: Id,
  accountId: Id,
  accountLogin: Type.String(),
  request: Type.Union([DisableRequest, Type.Null()]),
  justification: Type.String(),
  reason: Type.String(),
  ticketRef: Type.String(),
  status: Type.Enum(ESCALATION_STATUSES),
  requestedBy: Type.String(),
  createdAt: IsoTime,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([IsoTime, Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
});
export type Escalation = Static<typeof Escalation>;
export const EscalationPage = page(Escalation);

export const EscalationDecision = Type.Object(
  {
    approve: Type.Boolean(),
    note: Type.String({ minLength: 3, maxLength: 2000 }),
    /** The login typed by the approving admin: required to approve a request from a look-alike or different address. */
    confirmLogin: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type EscalationDecision = Static<typeof EscalationDecision>;

export const EscalationQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(ESCALATION_STATUSES)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export const NotificationPage = page(Notification);
