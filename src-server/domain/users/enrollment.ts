/**
 * A user turning MFA on: a new secret shown once as a QR code and as text, then confirmed with a
 * first code. Once on, nothing the user can call turns it off again.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Enrollment, EnrollmentConfirmed } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable } from '../../store/schema.js';
import { afterSuccess } from '../credentials/attemptThrottle.js';
import { accountSubject, clearAttempts, ticketSubject } from '../credentials/attemptAdmission.js';
import { appendAudit, userActor } from '../audit/chain.js';
import { iso } from '../platform/clock.js';
import { conflict } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { checkAccountCode } from './signIn.js';
import { formatSecretForTyping, newTotpSecret, otpauthUri } from '../credentials/totp.js';

export interface EnrollmentDeps {
  db: Db;
  box: SecretBox;
  issuer: string;
}

/**
 * Starts (or restarts) enrolment; any earlier unconfirmed QR code stops working. `replacing` is set by
 * a support reset: then a user whose MFA is on may enrol a new phone, and the old one keeps working
 * until the new one is confirmed.
 */
export async function startEnrollment(
  { db, box, issuer }: EnrollmentDeps,
  account: AccountsTable,
  now: Date,
  replacing = false,
): Promise<Enrollment> {
  if (account.mfaState === 'on' && !replacing) throw conflict('mfa_already_enabled', 'MFA is already on for this account.');
  const secret = newTotpSecret();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('totpFactors')
      .set({ status: 'revoked', revokedAt: iso(now) })
      .where('accountId', '=', account.id)
      .where('status', '=', 'pending')
      .execute();
    await tx
      .insertInto('totpFactors')
      .values({
        id,
        accountId: account.id,
        secretEnc: box.seal(secret, id),
        status: 'pending',
        createdAt: iso(now),
        confirmedAt: null,
        lastStep: null,
        lastUsedAt: null,
        revokedAt: null,
      })
      .execute();
    if (account.mfaState !== 'on') await tx.updateTable('accounts').set({ mfaState: 'pending' }).where('id', '=', account.id).execute();
    await appendAudit(tx, { ...userActor(account), action: 'user.mfa.enrollment.started', details: { replacing } }, now);
  });
  const otpauthUriText = otpauthUri(secret, issuer, account.login);
  return {
    otpauthUri: otpauthUriText,
    qrCodeDataUrl: await QRCode.toDataURL(otpauthUriText, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }),
    secretText: formatSecretForTyping(secret),
    issuer,
    accountName: account.login,
  };
}

/** A re-enrolment through a support link: what confirming the new phone does besides. */
export interface Replacement {
  /** The link's ticket: wrong codes count on it, not on the account, whose lock does not apply. */
  ticketId: string;
  /** More work in the confirming transaction (the ticket's step, its audit event, the notice). */
  inTransaction: (tx: Db) => Promise<void>;
}

/**
 * Confirms the pending factor with a first code; MFA is on from here and the user cannot turn it off.
 * The account's failures in a row start again from zero, even after a lock for good.
 */
export async function confirmEnrollment(
  { db, box }: EnrollmentDeps,
  account: AccountsTable,
  code: string,
  now: Date,
  replacement?: Replacement,
): Promise<EnrollmentConfirmed> {
  const replacing = replacement !== undefined;
  if (account.mfaState === 'on' && !replacing) throw conflict('mfa_already_enabled', 'MFA is already on for this account.');
  const throttle = replacing ? ticketSubject(replacement.ticketId) : accountSubject(account.id);
  const { factor, step, claim } = await checkAccountCode(db, box, account, code, now, 'pending', null, throttle);
  const enrolledAt = iso(now);
  await db.transaction().execute(async (tx) => {
    const activated = await tx
      .updateTable('totpFactors')
      .set({ status: 'active', confirmedAt: enrolledAt, lastStep: step, lastUsedAt: enrolledAt })
      .where('id', '=', factor.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(activated.numUpdatedRows) !== 1)
      throw conflict('enrollment_changed', 'The set-up was restarted elsewhere. Scan the newest QR code.');
    // A factor from an earlier phone stops working the moment the new one is confirmed.
    await tx
      .updateTable('totpFactors')
      .set({ status: 'revoked', revokedAt: enrolledAt })
      .where('accountId', '=', account.id)
      .where('status', '=', 'active')
      .where('id', '!=', factor.id)
      .execute();
    await tx
      .updateTable('accounts')
      .set({ mfaState: 'on', ...afterSuccess() })
      .where('id', '=', account.id)
      .execute();
    // On a link, this right code's claim counted as a wrong try until now (the account's is cleared above).
    if (replacing) await clearAttempts(tx, claim.subject);
    await appendAudit(tx, { ...userActor(account), action: 'user.mfa.enrollment.confirmed', details: { step, replacing } }, now);
    await replacement?.inTransaction(tx);
  });
  return { mfaState: 'on', enrolledAt };
}
