/**
 * "My codes don't work": the user reads out a code, and we find at which time it would be right,
 * within ±10 minutes of server time, for the current or the pending (new phone) factor. The answer
 * is the phone's clock offset, to within one 30-second step. It never signs anyone in and never
 * marks a code used; it is rate-limited per account and audited.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Agent } from '../../../src-shared/api.js';
import type { ClockCheckResult } from '../../../src-shared/resetApi.js';
import { TOTP } from '../../../src-shared/domain.js';
import { clockVerdict } from '../../../src-shared/clockVerdict.js';
import type { Db } from '../../store/openStore.js';
import { findAccountRow } from '../accounts/accounts.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { addSeconds } from '../platform/clock.js';
import { claimWindowSlot } from '../credentials/attemptAdmission.js';
import { DeskProblem } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { totpCodeAt } from '../credentials/totp.js';

export const CLOCK_CHECK_LIMIT = { perWindow: 10, windowMinutes: 10 } as const;

export function clockAdvice(offsetSeconds: number): string {
  const verdict = clockVerdict(offsetSeconds);
  if (verdict.kind === 'right')
    return 'The phone’s clock is right (within 30 s). If codes still fail, check the account name in the app and that the newest QR code was scanned.';
  const amount = `${verdict.amount.n} ${verdict.amount.unit === 'minutes' ? 'min' : 's'}`;
  return `The phone is about ${amount} ${verdict.kind}: in the phone’s settings, Date and time, turn on automatic date and time.`;
}

/** Finds the step offset at which `code` is right for `secret`, nearest to now first; null when none in the window. */
export function findClockOffset(secret: string, code: string, now: Date, windowMinutes: number): number | null {
  const steps = Math.ceil((windowMinutes * 60) / TOTP.periodSeconds);
  const given = Buffer.from(code);
  for (let distance = 0; distance <= steps; distance++) {
    for (const k of distance === 0 ? [0] : [-distance, distance]) {
      const expected = Buffer.from(totpCodeAt(secret, addSeconds(now, k * TOTP.periodSeconds)));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return k * TOTP.periodSeconds;
    }
  }
  return null;
}

export async function clockCheck(
  db: Db,
  box: SecretBox,
  accountId: string,
  agent: Agent,
  code: string,
  now: Date,
  windowMinutes: number,
): Promise<ClockCheckResult> {
  const account = await findAccountRow(db, accountId);
  const factors = await db
    .selectFrom('totpFactors')
    .select(['id', 'secretEnc', 'status'])
    .where('accountId', '=', accountId)
    .where('status', 'in', ['active', 'pending'])
    .execute();
  if (factors.length === 0)
    throw new DeskProblem(409, 'no_factor', `${account.login} has no authenticator set up, so there is no clock to check.`);
  // Ten guesses in ten minutes over a ±10 minute window is far too few to find a code by trying; the slot
  // is taken atomically before the code is compared, so concurrent checks cannot exceed it.
  await claimWindowSlot(
    db,
    `clock-check:${accountId}`,
    CLOCK_CHECK_LIMIT.perWindow,
    CLOCK_CHECK_LIMIT.windowMinutes * 60,
    now,
    (retryAfterSeconds) =>
      new DeskProblem(
        429,
        'too_many_clock_checks',
        `At most ${CLOCK_CHECK_LIMIT.perWindow} clock checks per account in ${CLOCK_CHECK_LIMIT.windowMinutes} minutes. Wait a few minutes.`,
        { retryAfterSeconds, params: { count: CLOCK_CHECK_LIMIT.perWindow, minutes: CLOCK_CHECK_LIMIT.windowMinutes } },
      ),
  );
  let result: ClockCheckResult = {
    matched: false,
    windowMinutes,
    advice: `The code does not match ${account.login}’s authenticator at any time within ±${windowMinutes} minutes. Check that the user reads the code for the right account, or start a reset.`,
  };
  for (const factor of factors) {
    const offset = findClockOffset(box.open(factor.secretEnc, factor.id), code, now, windowMinutes);
    if (offset !== null) {
      result = {
        matched: true,
        offsetSeconds: offset,
        factor: factor.status === 'active' ? 'current' : 'new',
        advice: clockAdvice(offset),
      };
      break;
    }
  }
  await appendAudit(
    db,
    {
      ...agentActor(agent),
      action: 'mfa.clock_check',
      accountId,
      accountLogin: account.login,
      details: result.matched ? { matched: true, offsetSeconds: result.offsetSeconds, factor: result.factor } : { matched: false },
    },
    now,
  );
  return result;
}
