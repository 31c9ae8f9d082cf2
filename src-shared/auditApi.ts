/**
 * The contract of the audit area: the organisation MFA report, the audit log with its integrity check
 * and exports, the data-subject export, agent management and alerts. Kept apart from api.ts so each
 * area's schemas stay readable.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { AccountSummary, AuditEvent, Cursor, Email, Id, IsoTime, RoleSchema } from './api.js';

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Number({ minimum: 0, maximum: 1, description: 'fraction of the accounts, 0–1' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// ── report ───────────────────────────────────────────────────────────────────────────────────

/** Accounts by the state support sees (locked counts as locked, whatever is stored underneath). */
export const StateCounts = Type.Object({ off: Count, pending: Count, on: Count, locked: Count });
export type StateCounts = Static<typeof StateCounts>;

export const Breakdown = Type.Object({
  key: Type.String({ description: 'the department, or the login domain' }),
  accounts: Count,
  byState: StateCounts,
  /** Accounts with MFA on (locked ones included: their factor is set up) over all accounts. */
  coverage: Share,
});
export type Breakdown = Static<typeof Breakdown>;

export const SupportDisables = Type.Object({ disabled: Count, reEnabled: Count });

/**
 * The support mailboxes' requests: how many arrived each day and how their check came out (look-alikes and
 * failed checks are how often support is being attacked), and how long the oldest one has waited.
 */
export const IntakeDay = Type.Object({
  day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  /** Every message read that day, whatever became of it. */
  received: Count,
  verified: Count,
  /** Sent from an address that only looks like the login. */
  lookalike: Count,
  /** Checked and not verified: mismatch, unauthenticated, invalid or not a request. */
  failed: Count,
  /** From no account. */
  unmatched: Count,
  /** Auto-replies, bounces and list mail. */
  setAside: Count,
});
export type IntakeDay = Static<typeof IntakeDay>;
export const IntakeReport = Type.Object({
  /** Requests waiting for an agent (open and unmatched). */
  open: Count,
  oldestOpenAt: Nullable(IsoTime),
  series: Type.Array(IntakeDay),
});
export type IntakeReport = Static<typeof IntakeReport>;

export const MfaReport = Type.Object({
  generatedAt: IsoTime,
  totals: Type.Object({
    accounts: Count,
    byState: StateCounts,
    shares: Type.Object({ off: Share, pending: Share, on: Share, locked: Share }),
    coverage: Share,
  }),
  byDepartment: Type.Array(Breakdown),
  byDomain: Type.Array(Breakdown),
  locked: Count,
  resets: Type.Object({ pending: Count, overdue: Count }),
  disabledBySupport: Type.Object({ last7Days: SupportDisables, last30Days: SupportDisables }),
  actionsPerAgent: Type.Object({
    days: Count,
    items: Type.Array(
      Type.Object({
        agentId: Nullable(Type.String()),
        agentLabel: Type.String(),
        total: Count,
        byAction: Type.Record(Type.String(), Count),
      }),
    ),
  }),
  coverageSeries: Type.Array(
    Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), accounts: Count, mfaOn: Count, coverage: Share }),
  ),
  intake: IntakeReport,
});
export type MfaReport = Static<typeof MfaReport>;

/** The accounts behind a gap in the report, to open one by one. */
export const GAP_KINDS = ['no_mfa', 'pending', 'locked', 'overdue_resets'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export const GapQuery = Type.Object(
  { kind: Type.Enum(GAP_KINDS), cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
export type GapQuery = Static<typeof GapQuery>;

export const GapEntry = Type.Object({
  account: AccountSummary,
  /** no_mfa / pending: account created; locked: locked until; overdue_resets: when the link expired. */
  at: IsoTime,
  /** For overdue resets: the ticket and who started it. */
  ticket: Nullable(Type.Object({ id: Id, ticketRef: Type.String(), createdBy: Type.String() })),
});
export type GapEntry = Static<typeof GapEntry>;
export const GapPage = Type.Object({ items: Type.Array(GapEntry), nextCursor: Nullable(Cursor) });
export type GapPage = Static<typeof GapPage>;

// ── audit log ────────────────────────────────────────────────────────────────────────────────

export const AuditFilters = {
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'actor id (agent or user)' })),
  account: Type.Optional(Id),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_.]+$' })),
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
};

export const AuditQuery = Type.Object(
  { ...AuditFilters, cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
export type AuditFilter = Pick<AuditQuery, 'actor' | 'account' | 'action' | 'from' | 'to'>;

export const AuditExportQuery = Type.Object(
  { ...AuditFilters, format: Type.Enum(['csv', 'jsonl'] as const) },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export const ChainBreak = Type.Object({
  seq: Type.Integer(),
  /** content_changed: the event no longer matches its hash; chain_broken: it does not follow the event before it. */
  reason: Type.Enum(['content_changed', 'chain_broken'] as const),
});
export type ChainBreak = Static<typeof ChainBreak>;

export const AuditVerification = Type.Object({
  intact: Type.Boolean(),
  checked: Count,
  headHash: Nullable(Type.String()),
  firstBroken: Nullable(ChainBreak),
});
export type AuditVerification = Static<typeof AuditVerification>;

// ── data-subject access ──────────────────────────────────────────────────────────────────────

const Row = Type.Record(Type.String(), Type.Unknown());

export const SubjectAccessExport = Type.Object({
  exportedAt: IsoTime,
  account: Type.Object({
    id: Id,
    login: Type.String(),
    domain: Type.String(),
    displayName: Type.String(),
    department: Type.String(),
    hasPassword: Type.Boolean(),
    mfaState: Type.String(),
    failedAttempts: Count,
    nextAttemptAt: Nullable(Type.String()),
    lockedUntil: Nullable(Type.String()),
    createdAt: IsoTime,
  }),
  factors: Type.Array(
    Type.Object({
      id: Id,
      status: Type.String(),
      createdAt: IsoTime,
      confirmedAt: Nullable(IsoTime),
      lastUsedAt: Nullable(IsoTime),
      revokedAt: Nullable(IsoTime),
    }),
  ),
  sessions: Type.Array(
    Type.Object({ stage: Type.String(), createdAt: IsoTime, expiresAt: IsoTime, lastSeenAt: IsoTime, revokedAt: Nullable(IsoTime) }),
  ),
  auditEvents: Type.Array(AuditEvent),
  disableRequests: Type.Array(Row),
  escalations: Type.Array(Row),
  enrollmentTickets: Type.Array(Row),
  emails: Type.Array(
    Type.Object({
      id: Id,
      to: Type.String(),
      subject: Type.String(),
      body: Type.String(),
      createdAt: IsoTime,
      sentAt: Nullable(IsoTime),
      error: Nullable(Type.String()),
    }),
  ),
});
export type SubjectAccessExport = Static<typeof SubjectAccessExport>;

// ── agent management ─────────────────────────────────────────────────────────────────────────

export const ManagedAgent = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  disabledAt: Nullable(IsoTime),
  lockedUntil: Nullable(IsoTime),
  createdAt: IsoTime,
});
export type ManagedAgent = Static<typeof ManagedAgent>;
export const ManagedAgentPage = Type.Object({ items: Type.Array(ManagedAgent), nextCursor: Type.Null() });

const Why = Type.String({ minLength: 3, maxLength: 1000 });

export const InviteAgent = Type.Object(
  { email: Email, displayName: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema, reason: Type.Optional(Why) },
  { additionalProperties: false },
);
export type InviteAgent = Static<typeof InviteAgent>;

export const AgentUpdate = Type.Object(
  { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()), reason: Why },
  { additionalProperties: false, minProperties: 2 },
);
export type AgentUpdate = Static<typeof AgentUpdate>;

export const AgentMfaReset = Type.Object(
  { reason: Why, ticketRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type AgentMfaReset = Static<typeof AgentMfaReset>;

/** What the new (or reset) agent needs for their authenticator; shown once, never stored in clear. */
export const AgentTotpSetup = Type.Object({ otpauthUri: Type.String(), qrCodeDataUrl: Type.String(), secretText: Type.String() });

export const AgentInvited = Type.Object({
  agent: ManagedAgent,
  /** Shown once to the admin, who hands it over out of band. */
  oneTimePassword: Type.String(),
  totp: AgentTotpSetup,
});
export type AgentInvited = Static<typeof AgentInvited>;

export const AgentMfaResetDone = Type.Object({ agent: ManagedAgent, totp: AgentTotpSetup, sessionsEnded: Count });
export type AgentMfaResetDone = Static<typeof AgentMfaResetDone>;

// ── alerts ───────────────────────────────────────────────────────────────────────────────────

export const ALERT_KINDS = ['agent_action_spike', 'code_replays', 'repeated_lockouts', 'failures_after_reset'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const Alert = Type.Object({
  id: Type.String(),
  kind: Type.Enum(ALERT_KINDS),
  severity: Type.Enum(['warning', 'critical'] as const),
  subject: Type.Object({ type: Type.Enum(['agent', 'account'] as const), id: Nullable(Type.String()), label: Type.String() }),
  /** The English sentence; the console words it from `kind`, `count`, `since`, the subject and these facts. */
  summary: Type.String(),
  facts: Type.Object({
    /** agent_action_spike: the agent's normal number of overrides an hour. */
    normalPerHour: Type.Optional(Type.Number()),
    /** failures_after_reset: who overrode MFA, and how. */
    overrideBy: Type.Optional(Type.String()),
    override: Type.Optional(Type.Enum(['reset', 'disable'] as const)),
  }),
  count: Count,
  since: IsoTime,
  /** The audit events behind the alert (sequence numbers), newest first, at most 20. */
  evidence: Type.Array(Type.Integer()),
});
export type Alert = Static<typeof Alert>;

export const AlertList = Type.Object({ generatedAt: IsoTime, items: Type.Array(Alert) });
export type AlertList = Static<typeof AlertList>;
