/** End-user sign-in: password, then (when MFA is on) the 6-digit code, with per-account throttling. */
import type { UserLoginResult } from '../../src-shared/api.js';
import type { AuditAction } from '../../src-shared/domain.js';
import type { Db } from '../store/openStore.js';
import type { AccountsTable } from '../store/schema.js';
import { afterFailure, afterSuccess, assertMayAttempt, isLocked } from './attemptThrottle.js';
import { appendAudit, userActor } from './audit.js';
import { normaliseLogin } from './loginAddress.js';
import { verifyPassword } from './passwords.js';
import { DeskProblem, unauthorized } from './problems.js';
import type { SecretBox } from './secretBox.js';
import { issueSession, resolveSession, revokeSession } from './sessions.js';
import { checkTotpCode } from './totp.js';

const invalidCredentials = () => new DeskProblem(401, 'invalid_credentials', 'The e-mail address or password is wrong.');

/** Records a failed attempt, and the lock when it causes one. */
export async function recordFailure(db: Db, account: AccountsTable, action: AuditAction, now: Date, details: Record<string, unknown> = {}) {
  const next = afterFailure(account, now);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('accounts').set(next).where('id', '=', account.id).execute();
    await appendAudit(tx, { ...userActor(account), action, details: { ...details, failedAttempts: next.failedAttempts } }, now);
    if (isLocked(next, now)) {
      await appendAudit(
        tx,
        {
          ...userActor(account),
          action: 'user.mfa.locked',
          details: { lockedUntil: next.lockedUntil, failedAttempts: next.failedAttempts },
        },
        now,
      );
    }
  });
}

export async function userLogin(db: Db, email: string, password: string, now: Date): Promise<UserLoginResult> {
  const loginNorm = normaliseLogin(email)?.loginNorm;
  const account = loginNorm ? await db.selectFrom('accounts').selectAll().where('loginNorm', '=', loginNorm).executeTakeFirst() : undefined;
  if (!account) {
    await verifyPassword(null, password);
    throw invalidCredentials();
  }
  assertMayAttempt(account, now);
  if (!(await verifyPassword(account.passwordHash, password))) {
    await recordFailure(db, account, 'user.login.failed', now);
    throw invalidCredentials();
  }
  if (account.mfaState === 'on') {
    const session = await issueSession(db, 'user', account.id, 'mfa', now);
    return { status: 'mfa_required', mfaToken: session.token, expiresAt: session.expiresAt };
  }
  const session = await db.transaction().execute(async (tx) => {
    await tx.updateTable('accounts').set(afterSuccess()).where('id', '=', account.id).execute();
    await appendAudit(tx, { ...userActor(account), action: 'user.login.succeeded', details: { mfa: false } }, now);
    return issueSession(tx, 'user', account.id, 'full', now);
  });
  return {
    status: 'signed_in',
    token: session.token,
    expiresAt: session.expiresAt,
    mfaState: account.mfaState === 'pending' ? 'pending' : 'off',
  };
}

/** Checks a code against the account's active factor; counts failures, refuses replays. */
export async function checkAccountCode(
  db: Db,
  box: SecretBox,
  account: AccountsTable,
  code: string,
  now: Date,
  factorStatus: 'active' | 'pending',
) {
  assertMayAttempt(account, now);
  const factor = await db
    .selectFrom('totpFactors')
    .selectAll()
    .where('accountId', '=', account.id)
    .where('status', '=', factorStatus)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  if (!factor)
    throw new DeskProblem(
      409,
      'no_factor',
      factorStatus === 'pending' ? 'Start the set-up again: there is no QR code waiting for a code.' : 'MFA is not set up on this account.',
    );
  const result = checkTotpCode(box.open(factor.secretEnc, factor.id), code, now, factor.lastStep);
  if (!result.ok) {
    await recordFailure(db, account, result.replayed ? 'user.mfa.replayed' : 'user.mfa.failed', now, { stage: factorStatus });
    throw result.replayed
      ? new DeskProblem(401, 'code_already_used', 'That code was already used. Wait for the next code and type it.')
      : new DeskProblem(
          401,
          'invalid_code',
          'That code is not right. Check that the phone sets its time automatically, and type the 6 digits without spaces.',
        );
  }
  return { factor, step: result.step };
}

export async function userMfa(db: Db, box: SecretBox, mfaToken: string, code: string, now: Date) {
  const pending = await resolveSession(db, mfaToken, now);
  if (!pending || pending.subjectType !== 'user' || pending.stage !== 'mfa')
    throw unauthorized('Your sign-in expired. Enter your e-mail and password again.');
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', pending.subjectId).executeTakeFirstOrThrow();
  const { factor, step } = await checkAccountCode(db, box, account, code, now, 'active');
  return db.transaction().execute(async (tx) => {
    // The step guard in the WHERE makes a concurrent second use of the same code lose.
    const claimed = await tx
      .updateTable('totpFactors')
      .set({ lastStep: step, lastUsedAt: now.toISOString() })
      .where('id', '=', factor.id)
      .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new DeskProblem(401, 'code_already_used', 'That code was already used. Wait for the next code and type it.');
    await tx.updateTable('accounts').set(afterSuccess()).where('id', '=', account.id).execute();
    await revokeSession(tx, pending.tokenHash, now);
    await appendAudit(tx, { ...userActor(account), action: 'user.mfa.succeeded', details: { step } }, now);
    const session = await issueSession(tx, 'user', account.id, 'full', now);
    return { status: 'signed_in' as const, token: session.token, expiresAt: session.expiresAt, mfaState: 'on' as const };
  });
}
