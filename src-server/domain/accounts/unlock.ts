/**
 * Support lifting a user's sign-in lock. Only a temporary lock (every tenth failure) is lifted here; the
 * lock after 100 failures in a row is lifted only by enrolling again, so an agent's word alone cannot
 * reopen an account someone has been guessing at for that long.
 */
import type { AccountDetail, Agent, UnlockAccount } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import { findAccountRow, getAccount } from './accounts.js';
import { afterSuccess, isLocked, PERMANENT_LOCK } from '../credentials/attemptThrottle.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { runIdempotent } from '../platform/idempotency.js';
import { conflict } from '../platform/problems.js';

export const isPermanentLock = (lockedUntil: string | null) => lockedUntil !== null && lockedUntil >= PERMANENT_LOCK;

/** `POST /admin/v1/accounts/{id}/unlock`: the failures in a row start from zero; refused when not locked or locked for good. */
export async function unlockAccount(
  db: Db,
  accountId: string,
  agent: Agent,
  body: UnlockAccount,
  idempotencyKey: string,
  now: Date,
): Promise<AccountDetail> {
  const { value } = await runIdempotent(
    db,
    { agentId: agent.id, key: idempotencyKey, operation: `accounts.unlock:${accountId}`, body },
    now,
    async (tx) => {
      const before = await findAccountRow(tx, accountId);
      if (isPermanentLock(before.lockedUntil)) {
        throw conflict(
          'permanent_lock',
          `${before.login} is locked after 100 wrong attempts in a row: only enrolling again lifts this lock. Use New phone to send a re-enrolment link.`,
          { login: before.login },
        );
      }
      if (!isLocked(before, now))
        throw conflict('not_locked', `${before.login} is not locked: there is nothing to unlock.`, { login: before.login });
      // Compare-and-set on what was read: a failure or another unlock in between makes this one lose, not both win.
      const lifted = await tx
        .updateTable('accounts')
        .set(afterSuccess())
        .where('id', '=', accountId)
        .where('failedAttempts', '=', before.failedAttempts)
        .where('lockedUntil', '=', before.lockedUntil)
        .executeTakeFirst();
      if (Number(lifted.numUpdatedRows) !== 1) {
        throw conflict('account_changed', `${before.login} changed while you were unlocking it. Look at the account again.`, {
          login: before.login,
        });
      }
      await appendAudit(
        tx,
        {
          ...agentActor(agent),
          action: 'account.unlocked',
          accountId,
          accountLogin: before.login,
          reason: body.reason,
          ticketRef: body.ticketRef,
          details: { lockedUntil: before.lockedUntil, failedAttempts: before.failedAttempts },
        },
        now,
      );
      return getAccount(tx, accountId, now);
    },
  );
  return value;
}
