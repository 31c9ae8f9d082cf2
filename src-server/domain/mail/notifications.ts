/**
 * E-mails to users. Each is written to the outbox in the same transaction as the action it reports,
 * so an acknowledged action never loses its notice; delivery over SMTP (nodemailer) follows the
 * commit. With several backend instances, an instance sends an e-mail only after claiming it with a
 * lease (store/outboxClaims.ts), so each goes out once; every attempt carries the Message-ID chosen
 * when it was queued, so a resend after a crash is recognisable as the same message. A failed attempt
 * is retried with backoff (1 minute, doubling, at most an hour apart); after MAX_ATTEMPTS the e-mail is
 * marked failed and the console shows it so. Without SMTP settings the outbox is the record, which the
 * console shows in the embedded default.
 *
 * An e-mail that carries a secret (a live re-enrolment link) is stored twice: `body` with the secret
 * shown as [redacted], which is all any console role, export or log ever reads, and `sealedBody`, the
 * text as sent, sealed with the secret box and opened only by the mailer at send time (and dropped
 * once sent).
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Notification, Page } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import { claimDueMail, claimMail, type Lease } from '../../store/outboxClaims.js';
import type { AccountsTable, OutboxTable } from '../../store/schema.js';
import { addSeconds, iso } from '../platform/clock.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { normaliseLogin } from '../accounts/loginAddress.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { mailTexts } from './mailTexts.js';

/** Whom an e-mail to a user addresses, and in which language. */
export type UserMailAccount = Pick<AccountsTable, 'displayName' | 'login' | 'locale'>;

/** Attempts before an e-mail is marked failed; with the backoff below that is about two hours of trying. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 60;
const LONGEST_RETRY_SECONDS = 3600;
/** Longer than nodemailer's own timeouts for one send, so a lease outlives any attempt still running. */
const LEASE_SECONDS = 15 * 60;

/** Seconds to wait after the `attempts`-th failure: 1 min, 2, 4, … capped at an hour. */
export const retryDelaySeconds = (attempts: number) =>
  Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_SECONDS);

/** What stands in for a secret wherever an e-mail is shown rather than sent. */
export const REDACTED = '[redacted]';

export interface Mailer {
  /** Sends one outbox e-mail; a sealed body is opened here, at send time, and nowhere else. */
  deliver(mail: OutboxTable): Promise<void>;
}

/** A sealed body is bound to its outbox row, so it cannot be moved into another recipient's e-mail. */
export const sealedFor = (outboxId: string) => `outbox:${outboxId}`;

export function createSmtpMailer(smtpUrl: string, from: string, box: SecretBox): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async deliver(mail) {
      // The recipient is the stored login, normalised, named explicitly in the envelope and given to
      // nodemailer as an address object: no header text is ever parsed to find where the mail goes.
      const address = normaliseLogin(mail.toAddress)?.loginNorm;
      if (!address) throw new Error(`"${mail.toAddress}" is not a plain e-mail address, so nothing was sent to it.`);
      const recipient = { name: '', address };
      const text = mail.sealedBody === null ? mail.body : box.open(mail.sealedBody, sealedFor(mail.id));
      // A reply to an incoming request comes from the support address, in the request's thread.
      const sender = mail.fromAddress ?? from;
      await transport.sendMail({
        from: sender,
        to: recipient,
        envelope: { from: sender, to: [recipient] },
        subject: mail.subject,
        text,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.referencesHeader ? { references: mail.referencesHeader } : {}),
      });
    },
  };
}

export interface NewNotification {
  accountId: string | null;
  to: string;
  subject: string;
  /** The text anyone reading the outbox sees: with a secret in the e-mail, this is the redacted text. */
  body: string;
  /** A reply: its sender (the support address) and the thread it answers. */
  thread?: { from: string; inReplyTo: string | null; references: string | null };
}

/** Queues an e-mail; with `secret`, the text to send (it holds a live link) is stored sealed, never readable. */
export async function queueNotification(
  db: Db,
  message: NewNotification,
  now: Date,
  secret?: { text: string; box: SecretBox },
): Promise<OutboxTable> {
  const id = randomUUID();
  const row: OutboxTable = {
    id,
    accountId: message.accountId,
    toAddress: message.to,
    subject: message.subject,
    body: message.body,
    sealedBody: secret ? secret.box.seal(secret.text, sealedFor(id)) : null,
    createdAt: iso(now),
    sentAt: null,
    error: null,
    withdrawnAt: null,
    messageId: `<${id}@mfa-desk.outbox>`,
    leaseOwner: null,
    leaseUntil: null,
    attempts: 0,
    nextAttemptAt: null,
    failedAt: null,
    fromAddress: message.thread?.from ?? null,
    inReplyTo: message.thread?.inReplyTo ?? null,
    referencesHeader: message.thread?.references ?? null,
  };
  await db.insertInto('outbox').values(row).execute();
  return row;
}

function leaseFrom(now: Date): Lease {
  return { owner: randomUUID(), until: iso(addSeconds(now, LEASE_SECONDS)), now: iso(now) };
}

/** Sends one claimed e-mail and records the outcome under its lease; never throws. */
async function attempt(db: Db, mailer: Mailer, mail: OutboxTable, owner: string, now: () => Date): Promise<void> {
  const ours = db.updateTable('outbox').where('id', '=', mail.id).where('leaseOwner', '=', owner);
  try {
    await mailer.deliver(mail);
  } catch (error) {
    const attempts = mail.attempts + 1;
    const at = now();
    const givesUp = attempts >= MAX_ATTEMPTS;
    await ours
      .set({
        error: error instanceof Error ? error.message : String(error),
        attempts,
        nextAttemptAt: givesUp ? null : iso(addSeconds(at, retryDelaySeconds(attempts))),
        failedAt: givesUp ? iso(at) : null,
        leaseOwner: null,
        leaseUntil: null,
      })
      .execute();
    return;
  }
  // Sent: the live link has done its job, so its sealed copy goes too.
  await ours.set({ sentAt: iso(now()), error: null, sealedBody: null, leaseOwner: null, leaseUntil: null }).execute();
}

/** Sends one queued e-mail now if no other instance holds it and it is due; returns its row as it stands. */
export async function deliverNotification(db: Db, mailer: Mailer | null, id: string, now: () => Date): Promise<OutboxTable> {
  if (mailer) {
    const lease = leaseFrom(now());
    const claimed = await claimMail(db, id, lease);
    if (claimed) await attempt(db, mailer, claimed, lease.owner, now);
  }
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Sends the e-mails that are due and that this call claims; the delivery job runs it. Returns how many it tried. */
export async function deliverPendingNotifications(db: Db, mailer: Mailer | null, now: () => Date, limit = 100): Promise<number> {
  if (!mailer) return 0;
  const lease = leaseFrom(now());
  const claimed = await claimDueMail(db, lease, limit);
  for (const mail of claimed) await attempt(db, mailer, mail, lease.owner, now);
  return claimed.length;
}

/** E-mails to users, newest first, one page at a time; `(createdAt, id)` keys the cursor. */
export async function listNotifications(
  db: Db,
  query: { accountId?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<Notification>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  let builder = db.selectFrom('outbox').selectAll();
  if (query.accountId) builder = builder.where('accountId', '=', query.accountId);
  if (after) {
    const [createdAt, id] = after;
    builder = builder.where((eb) => eb.or([eb('createdAt', '<', createdAt), eb.and([eb('createdAt', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await builder
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items: rows.slice(0, limit).map(toNotification), nextCursor: last ? encodeCursor(last.createdAt, last.id) : null };
}

export const toNotification = (row: OutboxTable): Notification => ({
  id: row.id,
  to: row.toAddress,
  subject: row.subject,
  body: row.body,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
  error: row.error,
  attempts: row.attempts,
  failedAt: row.failedAt,
});

/** The notice a user gets when support turns their MFA off (DESIGN.md §4), in the user guide's words and the user's language. */
export function mfaDisabledNotice(account: UserMailAccount, at: Date, ticketRef: string) {
  const texts = mailTexts(account.locale);
  return {
    subject: texts.disabled.subject,
    body: [
      texts.hello(account.displayName),
      '',
      ...texts.disabled.lines(account.login, texts.when(at), ticketRef),
      '',
      texts.signature,
    ].join('\n'),
  };
}

/** The notice a user gets when MFA moved to a new phone through a support reset. */
export function mfaResetNotice(account: UserMailAccount, at: Date) {
  const texts = mailTexts(account.locale);
  return {
    subject: texts.reset.subject,
    body: [texts.hello(account.displayName), '', ...texts.reset.lines(account.login, texts.when(at)), '', texts.signature].join('\n'),
  };
}

/** The e-mail with a re-enrolment link; `link` is the live link, or [redacted] for the copy anyone may read. */
export function resetLinkEmail(account: UserMailAccount, link: string, expiresAt: Date) {
  const texts = mailTexts(account.locale);
  return {
    subject: texts.link.subject,
    body: [texts.hello(account.displayName), '', ...texts.link.lines(account.login, link, texts.when(expiresAt)), '', texts.signature].join(
      '\n',
    ),
  };
}

/** What the agent sends back to the user who asked, in the user's language; shown in the console after a disable. */
export function disableReplyText(account: Pick<UserMailAccount, 'displayName' | 'locale'>, ticketRef: string): string {
  const texts = mailTexts(account.locale);
  return [texts.hello(account.displayName), '', ...texts.disableReply(ticketRef), '', ...texts.regards].join('\n');
}
