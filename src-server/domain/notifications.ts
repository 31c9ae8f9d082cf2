/**
 * E-mails to users. Each is written to the outbox in the same transaction as the action it reports,
 * so an acknowledged action never loses its notice; delivery over SMTP (nodemailer) follows the
 * commit and is retried until it succeeds. Without SMTP settings the outbox is the record, which the
 * console shows in the embedded default.
 *
 * An e-mail that carries a secret (a live re-enrolment link) is stored twice: `body` with the secret
 * shown as [redacted], which is all any console role, export or log ever reads, and `sealedBody`, the
 * text as sent, sealed with the secret box and opened only by the mailer at send time (and dropped
 * once sent).
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Notification } from '../../src-shared/api.js';
import type { Db } from '../store/openStore.js';
import type { OutboxTable } from '../store/schema.js';
import { iso } from './clock.js';
import { normaliseLogin } from './loginAddress.js';
import type { SecretBox } from './secretBox.js';

/** What stands in for a secret wherever an e-mail is shown rather than sent. */
export const REDACTED = '[redacted]';

export interface Mailer {
  /** Sends one outbox e-mail; a sealed body is opened here, at send time, and nowhere else. */
  deliver(mail: OutboxTable): Promise<void>;
}

/** A sealed body is bound to its outbox row, so it cannot be moved into another recipient's e-mail. */
const sealedFor = (outboxId: string) => `outbox:${outboxId}`;

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
      await transport.sendMail({ from, to: recipient, envelope: { from, to: [recipient] }, subject: mail.subject, text });
    },
  };
}

export interface NewNotification {
  accountId: string | null;
  to: string;
  subject: string;
  /** The text anyone reading the outbox sees: with a secret in the e-mail, this is the redacted text. */
  body: string;
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
  };
  await db.insertInto('outbox').values(row).execute();
  return row;
}

/** Sends one queued e-mail; records success or the error, never throws. */
export async function deliverNotification(db: Db, mailer: Mailer | null, id: string, now: () => Date): Promise<OutboxTable> {
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (!mailer || row.sentAt || row.withdrawnAt) return row;
  try {
    await mailer.deliver(row);
    // Sent: the live link has done its job, so its sealed copy goes too.
    await db
      .updateTable('outbox')
      .set({ sentAt: iso(now()), error: null, sealedBody: null })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    await db
      .updateTable('outbox')
      .set({ error: error instanceof Error ? error.message : String(error) })
      .where('id', '=', id)
      .execute();
  }
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Retries every unsent e-mail; the server runs this on a timer. */
export async function deliverPendingNotifications(db: Db, mailer: Mailer | null, now: () => Date): Promise<number> {
  if (!mailer) return 0;
  const pending = await db
    .selectFrom('outbox')
    .select('id')
    .where('sentAt', 'is', null)
    .where('withdrawnAt', 'is', null)
    .orderBy('createdAt')
    .limit(100)
    .execute();
  for (const { id } of pending) await deliverNotification(db, mailer, id, now);
  return pending.length;
}

export const toNotification = (row: OutboxTable): Notification => ({
  id: row.id,
  to: row.toAddress,
  subject: row.subject,
  body: row.body,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
  error: row.error,
});

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The notice a user gets when support turns their MFA off (DESIGN.md §4), in the user guide's words. */
export function mfaDisabledNotice(name: string, login: string, at: Date, ticketRef: string) {
  return {
    subject: 'MFA was turned off on your account',
    body: [
      `Hello ${name},`,
      '',
      `Multi-factor authentication (MFA) was turned off on your account ${login} by support at ${when(at)}, after a request sent from this address (ticket ${ticketRef}).`,
      '',
      'You now sign in with your password only. To protect your account again: in your account settings go to Your organization > My Profile > Multi-Factor Authentication > Enable MFA, and follow the steps.',
      '',
      'If you did not ask for this, reply to this e-mail or contact support at once: someone may be trying to take over your account.',
      '',
      'MFA Desk support',
    ].join('\n'),
  };
}

/** The notice a user gets when MFA moved to a new phone through a support reset. */
export function mfaResetNotice(name: string, login: string, at: Date) {
  return {
    subject: 'MFA is set up on your new phone',
    body: [
      `Hello ${name},`,
      '',
      `Multi-factor authentication (MFA) on your account ${login} was set up on a new phone at ${when(at)}. Codes from your old phone no longer work.`,
      '',
      'If this was not you, contact support at once: someone may be trying to take over your account.',
      '',
      'MFA Desk support',
    ].join('\n'),
  };
}

/** What the agent sends back to the user who asked; shown in the console after a disable. */
export function disableReplyText(name: string, ticketRef: string): string {
  return [
    `Hello ${name},`,
    '',
    `As you asked (ticket ${ticketRef}), we have turned off multi-factor authentication on your account. You can sign in with your password now.`,
    '',
    'To set MFA up on your new phone: install Google Authenticator, make sure the phone sets its date and time automatically, then in your account settings go to My Profile > Multi-Factor Authentication > Enable MFA, scan the QR code (or open its text version) and type the 6-digit code without spaces.',
    '',
    'Best regards,',
    'Support',
  ].join('\n');
}
