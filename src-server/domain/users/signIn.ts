/** End-user sign-in: password, then (when MFA is on) the 6-digit code, with per-account throttling. */
import type { UserLoginResult } from '../../../src-shared/api.js';
import type { AuditAction } from '../../../src-shared/domain.js';
import { withCheapCommit } from '../../store/commitDurability.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable } from '../../store/schema.js';
import { writeTogether } from '../../store/writeBatch.js';
import {
  accountSubject,
  attemptsCleared,
  claimAttempt,
  claimLocked,
  clearAttempts,
  returnClaim,
  unknownLoginSubject,
  type AttemptClaim,
  type ThrottleSubject,
} from '../credentials/attemptAdmission.js';
import { appendAudit, auditInsert, userActor } from '../audit/chain.js';
import { normaliseLogin } from '../accounts/loginAddress.js';
import type { VerifyPassword } from '../credentials/passwordCapacity.js';
import { DeskProblem, unauthorized } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { issueSession, newSession, resolveSession, sessionRevocation } from '../credentials/sessions.js';
import { checkTotpCode } from '../credentials/totp.js';

const codeAlreadyUsed = () => new DeskProblem(401, 'code_already_used', 'That code was already used. Wait for the next code and type it.');
const invalidCredentials = () => new DeskProblem(401, 'invalid_credentials', 'The e-mail address or password is wrong.');

/**
 * Audits a failed attempt whose claim is already counted, and the lock when that claim caused one. A
 * claim on a re-enrolment link is recorded as through the link, and its lock as the link's, not the account's.
 */
export async function auditFailure(
  db: Db,
  account: AccountsTable,
  claim: AttemptClaim,
  action: AuditAction,
  now: Date,
  details: Record<string, unknown> = {},
) {
  const link = claim.subject.table === 'enrollmentTickets' ? { via: 'reset link', ticketId: claim.subject.id } : null;
  await withCheapCommit(db, async (tx) => {
    await appendAudit(
      tx,
      { ...userActor(account), action, details: { ...details, ...link, failedAttempts: claim.after.failedAttempts } },
      now,
    );
    if (claimLocked(claim, now)) {
      // Which step's failure locked it, for the account's sign-in history.
      const cause = {
        failedAttempts: claim.after.failedAttempts,
        step: action === 'user.login.failed' ? 'password' : 'code',
        sourceAddress: details['sourceAddress'] ?? null,
      };
      await appendAudit(
        tx,
        link
          ? { ...userActor(account), action: 'mfa.reset.link_locked', details: { ...link, ...cause } }
          : { ...userActor(account), action: 'user.mfa.locked', details: { lockedUntil: claim.after.lockedUntil, ...cause } },
        now,
      );
    }
  });
}

/** `verify` is the admitted password check (see passwordCapacity.ts). */
export async function userLogin(
  db: Db,
  verify: VerifyPassword,
  email: string,
  password: string,
  now: Date,
  sourceAddress: string,
): Promise<UserLoginResult> {
  const loginNorm = normaliseLogin(email)?.loginNorm;
  const account = loginNorm ? await db.selectFrom('accounts').selectAll().where('loginNorm', '=', loginNorm).executeTakeFirst() : undefined;
  if (!account) {
    // Throttled and answered exactly like a known login, so trying cannot tell which logins exist.
    await claimAttempt(db, unknownLoginSubject('user', loginNorm ?? email), now);
    await verify(null, password);
    throw invalidCredentials();
  }
  const claim = await claimAttempt(db, accountSubject(account.id), now);
  if (!(await verify(account.passwordHash, password))) {
    await auditFailure(db, account, claim, 'user.login.failed', now, { sourceAddress });
    throw invalidCredentials();
  }
  if (account.mfaState === 'on') {
    // The password was right; the code, still owed, is the attempt that counts.
    const session = await db.transaction().execute(async (tx) => {
      await returnClaim(tx, claim);
      await appendAudit(tx, { ...userActor(account), action: 'user.login.succeeded', details: { mfa: 'code owed', sourceAddress } }, now);
      return issueSession(tx, 'user', account.id, 'mfa', now);
    });
    return { status: 'mfa_required', mfaToken: session.token, expiresAt: session.expiresAt };
  }
  const session = await db.transaction().execute(async (tx) => {
    await clearAttempts(tx, claim.subject);
    await appendAudit(tx, { ...userActor(account), action: 'user.login.succeeded', details: { mfa: false, sourceAddress } }, now);
    return issueSession(tx, 'user', account.id, 'full', now);
  });
  return {
    status: 'signed_in',
    token: session.token,
    expiresAt: session.expiresAt,
    mfaState: account.mfaState === 'pending' ? 'pending' : 'off',
  };
}

/**
 * Checks a code against the account's active or pending factor; counts failures on `throttle` (the
 * account's own, or a re-enrolment link's), refuses replays. `sourceAddress` is the client's address
 * for the audit log (null where the caller does not know it).
 */
export async function checkAccountCode(
  db: Db,
  box: SecretBox,
  account: AccountsTable,
  code: string,
  now: Date,
  factorStatus: 'active' | 'pending',
  sourceAddress: string | null,
  throttle: ThrottleSubject = accountSubject(account.id),
) {
  const factor = await db
    .selectFrom('totpFactors')
    .selectAll()
    .where('accountId', '=', account.id)
    .where('status', '=', factorStatus)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  if (!factor) {
    throw new DeskProblem(
      409,
      'no_factor',
      factorStatus === 'pending' ? 'Start the set-up again: there is no QR code waiting for a code.' : 'MFA is not set up on this account.',
    );
  }
  // The account row just read carries its own throttle state: the claim need not read it again.
  const ownThrottle = throttle.table === 'accounts' && throttle.id === account.id;
  const claim = await claimAttempt(db, throttle, now, ownThrottle ? account : undefined);
  const result = checkTotpCode(box.open(factor.secretEnc, factor.id), code, now, factor.lastStep);
  if (!result.ok) {
    await auditFailure(db, account, claim, result.replayed ? 'user.mfa.replayed' : 'user.mfa.failed', now, {
      stage: factorStatus,
      sourceAddress,
    });
    throw result.replayed
      ? codeAlreadyUsed()
      : new DeskProblem(
          401,
          'invalid_code',
          'That code is not right. Check that the phone sets its time automatically, and type the 6 digits without spaces.',
        );
  }
  return { factor, step: result.step, claim };
}

export async function userMfa(db: Db, box: SecretBox, mfaToken: string, code: string, now: Date, sourceAddress: string) {
  const pending = await resolveSession(db, mfaToken, now);
  if (!pending || pending.subjectType !== 'user' || pending.stage !== 'mfa')
    throw unauthorized('Your sign-in expired. Enter your e-mail and password again.');
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', pending.subjectId).executeTakeFirstOrThrow();
  const { factor, step, claim } = await checkAccountCode(db, box, account, code, now, 'active', sourceAddress);
  const session = newSession(db, 'user', account.id, 'full', now);
  // One transaction, written at once (writeBatch.ts), behind two guards. The step guard makes a concurrent
  // second use of the same code lose; the revocation, which changes a row only while the pending sign-in
  // is open, makes a concurrent use of the same pending sign-in with another valid code (the previous or
  // next step's) lose. A loser writes nothing. A sign-in, not a support action: its commit need not wait
  // for the disk (commitDurability.ts).
  const written = await writeTogether(
    db,
    [
      db
        .updateTable('totpFactors')
        .set({ lastStep: step, lastUsedAt: now.toISOString() })
        .where('id', '=', factor.id)
        .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)])),
      sessionRevocation(db, pending.tokenHash, now),
      attemptsCleared(db, claim.subject),
      auditInsert(db, { ...userActor(account), action: 'user.mfa.succeeded', details: { step, sourceAddress } }, now),
      session.insert,
    ],
    { cheap: true, guards: 2 },
  );
  if (!written) {
    // A concurrent request won with this code or this pending sign-in: this one is a replay, counted and audited.
    await auditFailure(db, account, claim, 'user.mfa.replayed', now, { stage: 'active', sourceAddress });
    throw codeAlreadyUsed();
  }
  return { status: 'signed_in' as const, token: session.session.token, expiresAt: session.session.expiresAt, mfaState: 'on' as const };
}

/** The end user a bearer token signs in (fully, past the MFA step), with their account row and session. */
export async function signedInUser(db: Db, token: string, now: Date): Promise<{ account: AccountsTable; tokenHash: string }> {
  const session = await resolveSession(db, token, now);
  if (!session || session.subjectType !== 'user' || session.stage !== 'full') throw unauthorized('Your session has ended. Sign in again.');
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', session.subjectId).executeTakeFirst();
  if (!account) throw unauthorized();
  return { account, tokenHash: session.tokenHash };
}
