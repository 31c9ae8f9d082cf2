/**
 * The contract of re-enrolment on a new phone: the agent's reset and its live ticket, the user's
 * ticket link, and the clock check. Kept apart from api.ts so each area's schemas stay readable.
 */
import Type, { type Static } from 'typebox';
import { AccountLanguage, Email, Id, IsoTime, TotpCode } from './api.js';

import { TICKET_STATUSES } from './ticketSteps.js';

export * from './ticketSteps.js';

/** How the agent guides the user: on the phone, or by e-mail. */
export const RESET_CHANNELS = ['email', 'phone'] as const;
export type ResetChannel = (typeof RESET_CHANNELS)[number];

export const StartReset = Type.Object(
  {
    channel: Type.Enum(RESET_CHANNELS),
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
    ticketRef: Type.String({ minLength: 1, maxLength: 100 }),
    /** Lost or stolen phone: the old factor stops working now, not at confirmation. */
    revokeOldNow: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StartReset = Static<typeof StartReset>;

export const EnrollmentTicket = Type.Object({
  id: Id,
  accountId: Id,
  accountLogin: Type.String(),
  channel: Type.Enum(RESET_CHANNELS),
  reason: Type.String(),
  ticketRef: Type.String(),
  revokeOldNow: Type.Boolean(),
  status: Type.Enum(TICKET_STATUSES),
  /** Bumped on every change; pass it back as `after` to wait for the next one. */
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  /** When each step happened (null: not yet). */
  steps: Type.Object({
    issued: IsoTime,
    email_sent: Type.Union([IsoTime, Type.Null()]),
    link_opened: Type.Union([IsoTime, Type.Null()]),
    signed_in: Type.Union([IsoTime, Type.Null()]),
    qr_shown: Type.Union([IsoTime, Type.Null()]),
    enrolled: Type.Union([IsoTime, Type.Null()]),
  }),
  endedAt: Type.Union([IsoTime, Type.Null()]),
  emailsSent: Type.Integer(),
});
export type EnrollmentTicket = Static<typeof EnrollmentTicket>;

export const TicketWatchQuery = Type.Object(
  { after: Type.Optional(Type.Integer({ minimum: 0 })), waitSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })) },
  { additionalProperties: false },
);

/** The re-enrolments the signed-in agent started and that are not finished. */
export const MyOpenTickets = Type.Object({ items: Type.Array(EnrollmentTicket) });
export const CurrentTicket = Type.Object({ ticket: Type.Union([EnrollmentTicket, Type.Null()]) });

export const ClockCheck = Type.Object({ code: TotpCode }, { additionalProperties: false });
export const ClockCheckResult = Type.Union([
  Type.Object({
    matched: Type.Literal(true),
    /** Seconds the phone's clock is ahead (+) or behind (−) the server's, to within one 30-second step. */
    offsetSeconds: Type.Integer(),
    factor: Type.Enum(['current', 'new'] as const),
    advice: Type.String(),
  }),
  Type.Object({ matched: Type.Literal(false), windowMinutes: Type.Integer(), advice: Type.String() }),
]);
export type ClockCheckResult = Static<typeof ClockCheckResult>;

// ── the user's side of a ticket ──────────────────────────────────────────────────────────────

// The link's token travels in the URL fragment and in request bodies, never in a path or query, so no access log holds it.
const Token = Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });
export const TicketToken = Type.Object({ token: Token }, { additionalProperties: false });

export const TicketLinkInfo = Type.Object({
  status: Type.Enum(TICKET_STATUSES),
  expiresAt: IsoTime,
  /** The login the link was sent to, partly masked (an-•••@example.com), so the user knows which account. */
  loginHint: Type.String(),
});
export type TicketLinkInfo = Static<typeof TicketLinkInfo>;

export const TicketSignIn = Type.Object(
  { token: Token, email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
/** Signed in through the link: the enrol-only token, and the account's language, which the page then speaks. */
export const TicketSession = Type.Object({ enrolToken: Type.String(), expiresAt: IsoTime, locale: AccountLanguage });
export const TicketConfirm = Type.Object({ code: TotpCode }, { additionalProperties: false });
