/** Table shapes as Kysely sees them (camelCase here, snake_case in the database via CamelCasePlugin). */
import type { Generated } from 'kysely';
import type { AccountLanguage, DisableVerdict, EscalationStatus } from '../../src-shared/api.js';
import type { ActorType, AuditAction, MfaState, Role } from '../../src-shared/domain.js';
import type { ResetChannel, TicketStatus } from '../../src-shared/resetApi.js';

/** What is stored: "locked" is computed from the throttle columns, never written. */
export type StoredMfaState = Exclude<MfaState, 'locked'>;
export type FactorStatus = 'pending' | 'active' | 'revoked';
export type SubjectType = 'agent' | 'user';
/** mfa: password accepted, code owed; full: signed in; enrol: may only enrol a new phone, for one ticket. */
export type SessionStage = 'mfa' | 'full' | 'enrol';

export interface AccountsTable {
  id: string;
  login: string;
  /** Login lower-cased with an ASCII (IDNA) domain: the unique, searchable form. */
  loginNorm: string;
  domain: string;
  displayName: string;
  /** Display name lower-cased, for prefix search. */
  nameNorm: string;
  /** Last word of the name onward ("schmidt anna"), so a surname finds the person too. */
  surnameNorm: string;
  /** What the login looks like (domain/accounts/loginSkeleton.ts): finds the login a look-alike sender imitates. */
  loginSkeleton: string | null;
  department: string;
  /** The language of the user's e-mails and account pages. */
  locale: AccountLanguage;
  passwordHash: string | null;
  /** Denormalised from the factors so search, reports and counts never join. */
  mfaState: StoredMfaState;
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
}

export interface TotpFactorsTable {
  id: string;
  accountId: string;
  secretEnc: string;
  /** pending: QR shown, not yet confirmed. */
  status: FactorStatus;
  createdAt: string;
  confirmedAt: string | null;
  lastStep: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AgentsTable {
  id: string;
  email: string;
  emailNorm: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  totpSecretEnc: string;
  totpLastStep: number | null;
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
  /** 1 for an invited agent until they replace the one-time password. */
  passwordChangeRequired: number;
}

export interface SessionsTable {
  tokenHash: string;
  subjectType: SubjectType;
  subjectId: string;
  /** mfa: password accepted, code still owed; full: signed in. */
  stage: SessionStage;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  /** For stage `enrol`: the enrolment ticket the session may act on, and nothing else. */
  scope?: string | null;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  /** Text: the log keeps the actions of every version, and an auditor filters it by any word. */
  action: string;
  accountId: string | null;
  accountLogin: string | null;
  reason: string | null;
  ticketRef: string | null;
  details: string;
  /** sha256 of `details`: the chain covers this, so details can be redacted at retention and the chain still verifies. */
  detailsHash: string;
  prevHash: string;
  hash: string;
}

/** The number of events in `audit_events`, one row kept by triggers (migration 0018). */
export interface AuditEventCountTable {
  id: number;
  n: number;
}

/** Events committed with their change but not yet linked into the chain (migration 0015). */
export interface AuditPendingTable {
  id: Generated<number>;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  action: AuditAction;
  accountId: string | null;
  accountLogin: string | null;
  reason: string | null;
  ticketRef: string | null;
  details: string;
  detailsHash: string;
}

export interface DisableRequestsTable {
  id: string;
  accountId: string;
  /** message: a raw e-mail was checked; typed_address: the agent typed a sender (never verifiable). */
  source: 'message' | 'typed_address';
  verdict: DisableVerdict;
  checks: string;
  warnings: string;
  headers: string;
  headerBlock: string | null;
  sha256: string | null;
  /** sha256 of sender, Date and canonical body: recognises a replay whose unsigned headers were changed. */
  contentSha256: string | null;
  messageId: string | null;
  /** Kept only while the retention setting allows; hash and headers stay. */
  rawMessage: string | null;
  rawExpiresAt: string | null;
  checkedBy: string;
  checkedByLabel: string;
  checkedAt: string;
  usedAt: string | null;
}

/** One fingerprint of a message that backed a disable; the primary key makes the claim once only. */
export interface UsedRequestMessagesTable {
  /** `message-id:`, `content:` or `message:` followed by a sha256 (hex). */
  fingerprint: string;
  requestId: string;
  accountId: string;
  usedAt: string;
}

export interface EscalationsTable {
  id: string;
  accountId: string;
  requestId: string | null;
  justification: string;
  reason: string;
  ticketRef: string;
  status: EscalationStatus;
  requestedBy: string;
  requestedByLabel: string;
  createdAt: string;
  decidedBy: string | null;
  decidedByLabel: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface IdempotencyKeysTable {
  agentId: string;
  key: string;
  operation: string;
  requestHash: string;
  statusCode: number;
  response: string;
  createdAt: string;
}

export interface OutboxTable {
  id: string;
  accountId: string | null;
  toAddress: string;
  subject: string;
  /** What the console may show: a secret in the e-mail (a live link) appears as [redacted]. */
  body: string;
  /** The text as sent when it holds a secret, sealed with the secret box (bound to the row id); dropped once sent. */
  sealedBody: string | null;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
  /** Set when the e-mail must never go out (its link was withdrawn); retries skip it. */
  withdrawnAt: string | null;
  /** The Message-ID every attempt carries, chosen when the e-mail is queued, so a resend is recognisable. */
  messageId: string;
  /** The instance sending it now (a random token per claim) and until when; an expired lease is free. */
  leaseOwner: string | null;
  leaseUntil: string | null;
  /** Failed attempts so far, and when the next one is due (null: now). */
  attempts: number;
  nextAttemptAt: string | null;
  /** Set when delivery gave up after the last allowed attempt; `error` says why. */
  failedAt: string | null;
  /** A reply to an incoming request: sent from the support address, in the request's thread. */
  fromAddress: string | null;
  inReplyTo: string | null;
  referencesHeader: string | null;
}

/** Where an incoming message stands: being processed, waiting for an agent (matched or not), set aside, or done. */
export type IncomingStatus = 'processing' | 'open' | 'unmatched' | 'set_aside' | 'done';

/** One message read from a support mailbox; its mailbox, UIDVALIDITY and UID make it once only. */
export interface IncomingRequestsTable {
  id: string;
  /** The mailbox's name (user@host:port/folder), never its password. */
  mailbox: string;
  /** UIDVALIDITY as decimal text (up to 2^32-1). */
  uidValidity: string;
  uid: number;
  status: IncomingStatus;
  /** Why it was set aside (auto_submitted, mailing_list, delivery_report…). */
  setAsideReason: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  messageId: string | null;
  /** The message's own References, for a reply in the same thread. */
  referencesHeader: string | null;
  /** When the mailbox received it (IMAP INTERNALDATE): the age an agent sees. */
  receivedAt: string;
  createdAt: string;
  accountId: string | null;
  /** exact: From is the login; lookalike: From only looks like it. */
  matchKind: 'exact' | 'lookalike' | null;
  requestId: string | null;
  verdict: DisableVerdict | null;
  ticketRef: string | null;
  claimedBy: string | null;
  claimedByLabel: string | null;
  claimUntil: string | null;
  doneAt: string | null;
  doneByLabel: string | null;
}

/** Who runs a housekeeping job this period (see domain/jobLeases.ts). */
export interface JobLeasesTable {
  job: string;
  owner: string;
  leaseUntil: string;
}

export interface EnrollmentTicketsTable {
  id: string;
  accountId: string;
  tokenHash: string;
  channel: ResetChannel;
  reason: string;
  ticketRef: string;
  revokeOldNow: number;
  status: TicketStatus;
  version: number;
  createdBy: string;
  createdByLabel: string;
  createdAt: string;
  expiresAt: string;
  emailSentAt: string | null;
  linkOpenedAt: string | null;
  signedInAt: string | null;
  qrShownAt: string | null;
  enrolledAt: string | null;
  endedAt: string | null;
  emailsSent: number;
  /** The link's own throttle: wrong passwords and codes through it, and its lock (attemptAdmission.ts). */
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
}

/** The throttle of a login that matches no account or agent, keyed by a hash of the normalised login. */
export interface UnknownLoginAttemptsTable {
  id: string;
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
  updatedAt: string;
}

/** A fixed-window budget of attempts (clock checks of one account). */
export interface AttemptWindowsTable {
  id: string;
  windowStart: string;
  used: number;
}

/** Accounts per department, domain and stored MFA state, kept by triggers (migration 0016, reportCounters.ts). */
export interface AccountStateCountsTable {
  department: string;
  domain: string;
  mfaState: string;
  n: number;
}

/** Per UTC day (YYYY-MM-DD): accounts created, factors confirmed, confirmed factors revoked; kept by triggers. */
export interface DailyMfaChangesTable {
  day: string;
  created: number;
  confirmed: number;
  revoked: number;
}

/** Accounts locked until an hour or minute, per department, domain and stored MFA state; kept by triggers (accountLockCounts.ts). */
export interface AccountLockCountsTable {
  grain: 'hour' | 'minute';
  /** The hour (YYYY-MM-DDTHH) or minute (YYYY-MM-DDTHH:MM) the locks end in. */
  endsIn: string;
  department: string;
  domain: string;
  mfaState: string;
  n: number;
}

export interface Database {
  accountStateCounts: AccountStateCountsTable;
  accountLockCounts: AccountLockCountsTable;
  dailyMfaChanges: DailyMfaChangesTable;
  incomingRequests: IncomingRequestsTable;
  unknownLoginAttempts: UnknownLoginAttemptsTable;
  attemptWindows: AttemptWindowsTable;
  enrollmentTickets: EnrollmentTicketsTable;
  disableRequests: DisableRequestsTable;
  usedRequestMessages: UsedRequestMessagesTable;
  escalations: EscalationsTable;
  idempotencyKeys: IdempotencyKeysTable;
  outbox: OutboxTable;
  jobLeases: JobLeasesTable;
  accounts: AccountsTable;
  totpFactors: TotpFactorsTable;
  agents: AgentsTable;
  sessions: SessionsTable;
  auditEvents: AuditEventsTable;
  auditPending: AuditPendingTable;
  auditEventCount: AuditEventCountTable;
}
