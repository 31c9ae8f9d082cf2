/** The contract of the mailbox intake: incoming requests, their queue, replies, and each mailbox's status. */
import Type, { type Static } from 'typebox';
import { AccountDetail, Cursor, DisableRequest, DisableVerdict, Id, IsoTime } from './api.js';

/** open: matched to an account, waiting for an agent; unmatched: no account has that login; set_aside: not a person's request; done. */
export const INCOMING_STATUSES = ['processing', 'open', 'unmatched', 'set_aside', 'done'] as const;
export type IncomingStatusName = (typeof INCOMING_STATUSES)[number];

export const Incoming = Type.Object({
  id: Id,
  mailbox: Type.String(),
  status: Type.Enum(INCOMING_STATUSES),
  /** Why it was set aside: auto_submitted, precedence_bulk, mailing_list, delivery_report, bounce_sender, too large or not a message. */
  setAsideReason: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.Object({ address: Type.String(), name: Type.String() }), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  receivedAt: IsoTime,
  accountId: Type.Union([Id, Type.Null()]),
  accountLogin: Type.Union([Type.String(), Type.Null()]),
  /** exact: From is the login; lookalike: From only looks like a login (flagged, never disabled on). */
  match: Type.Union([Type.Enum(['exact', 'lookalike'] as const), Type.Null()]),
  requestId: Type.Union([Id, Type.Null()]),
  verdict: Type.Union([DisableVerdict, Type.Null()]),
  ticketRef: Type.Union([Type.String(), Type.Null()]),
  claimedBy: Type.Union([Type.String(), Type.Null()]),
  claimUntil: Type.Union([IsoTime, Type.Null()]),
  doneAt: Type.Union([IsoTime, Type.Null()]),
});
export type Incoming = Static<typeof Incoming>;
export const IncomingPage = Type.Object({ items: Type.Array(Incoming), nextCursor: Type.Union([Cursor, Type.Null()]) });

export const IncomingQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(INCOMING_STATUSES)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const IncomingCount = Type.Object({
  /** Items waiting for an agent (open and unmatched). */
  open: Type.Integer({ minimum: 0 }),
  oldestOpenAt: Type.Union([IsoTime, Type.Null()]),
  /** Of those, how many an agent holds now. */
  claimed: Type.Integer({ minimum: 0 }),
  /** When the latest live claim on a waiting item runs out: it moves with every new claim, so a console sees claims made elsewhere. */
  latestClaimUntil: Type.Union([IsoTime, Type.Null()]),
});
export type IncomingCount = Static<typeof IncomingCount>;

export const IncomingDetail = Type.Object({
  item: Incoming,
  request: Type.Union([DisableRequest, Type.Null()]),
  account: Type.Union([AccountDetail, Type.Null()]),
});
export type IncomingDetail = Static<typeof IncomingDetail>;

export const REPLY_TEMPLATES = ['request_received', 'send_from_login', 'not_verified_escalated', 'mfa_disabled'] as const;
export type ReplyTemplate = (typeof REPLY_TEMPLATES)[number];
export const IncomingReply = Type.Object({ template: Type.Enum(REPLY_TEMPLATES) }, { additionalProperties: false });

export const MAILBOX_STATES = ['starting', 'connected', 'standby', 'auth_failed', 'unreachable'] as const;
export const MailboxStatus = Type.Object({
  /** user@host:port/folder, never the password. */
  mailbox: Type.String(),
  /** standby: another backend instance reads this mailbox now. */
  state: Type.Enum(MAILBOX_STATES),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextRetryAt: Type.Union([IsoTime, Type.Null()]),
  lastCheckedAt: Type.Union([IsoTime, Type.Null()]),
});
export type MailboxStatus = Static<typeof MailboxStatus>;
export const IntakeStatus = Type.Object({ mailboxes: Type.Array(MailboxStatus) });
export type IntakeStatus = Static<typeof IntakeStatus>;
