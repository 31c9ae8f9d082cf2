/**
 * Rate limiting of wrong codes and passwords, counted per account (NIST SP 800-63B 5.2.2):
 * a few free tries, then a doubling delay between tries, then a lock every ten failures that grows
 * each time, and after 100 failures in a row a lock only support can lift.
 */
import { addSeconds, iso } from '../platform/clock.js';
import { DeskProblem } from '../platform/problems.js';

export interface AttemptState {
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
}

export const THROTTLE = {
  freeFailures: 3,
  maxDelaySeconds: 300,
  lockEvery: 10,
  firstLockSeconds: 15 * 60,
  maxLockSeconds: 24 * 60 * 60,
  permanentAfter: 100,
} as const;

/** A lock that no clock reaches: only support lifts it. */
export const PERMANENT_LOCK = '9999-12-31T23:59:59.999Z';

export const isLocked = <S extends AttemptState>(s: S, now: Date): s is S & { lockedUntil: string } =>
  s.lockedUntil !== null && s.lockedUntil > iso(now);

/** Throws when no attempt may be made now; an attempt refused here is not counted. */
export function assertMayAttempt(s: AttemptState, now: Date): void {
  if (isLocked(s, now)) {
    throw new DeskProblem(423, 'locked', 'Too many wrong attempts: this sign-in is locked for now. Support can help.', {
      retryAfterSeconds: secondsUntil(s.lockedUntil, now),
    });
  }
  if (s.nextAttemptAt !== null && s.nextAttemptAt > iso(now)) {
    const wait = secondsUntil(s.nextAttemptAt, now);
    throw new DeskProblem(429, 'too_many_attempts', `Too many wrong attempts. Wait ${wait} s and try again.`, {
      retryAfterSeconds: wait,
      params: { seconds: wait },
    });
  }
}

export function afterFailure(s: AttemptState, now: Date): AttemptState {
  const failures = s.failedAttempts + 1;
  if (failures >= THROTTLE.permanentAfter) {
    return { failedAttempts: failures, nextAttemptAt: null, lockedUntil: PERMANENT_LOCK };
  }
  if (failures % THROTTLE.lockEvery === 0) {
    const nth = failures / THROTTLE.lockEvery;
    const seconds = Math.min(THROTTLE.firstLockSeconds * 2 ** (nth - 1), THROTTLE.maxLockSeconds);
    return { failedAttempts: failures, nextAttemptAt: null, lockedUntil: iso(addSeconds(now, seconds)) };
  }
  const delay = failures > THROTTLE.freeFailures ? Math.min(2 ** (failures - THROTTLE.freeFailures), THROTTLE.maxDelaySeconds) : 0;
  return { failedAttempts: failures, nextAttemptAt: delay ? iso(addSeconds(now, delay)) : null, lockedUntil: null };
}

/**
 * A re-enrolment link counts its own wrong passwords and codes, apart from the account's: a few, then
 * the link is locked for good and only a new one from support helps. It needs no waits between tries:
 * the few it allows are all it ever allows, and each new link is a support action in the audit log.
 */
export const LINK_THROTTLE = { wrongTries: 10 } as const;

export function assertLinkMayAttempt(s: AttemptState, now: Date): void {
  if (isLocked(s, now)) {
    throw new DeskProblem(423, 'ticket_locked', 'Too many wrong tries with this link: it no longer works. Ask support for a new link.');
  }
}

export function linkAfterFailure(s: AttemptState): AttemptState {
  const failures = s.failedAttempts + 1;
  return { failedAttempts: failures, nextAttemptAt: null, lockedUntil: failures >= LINK_THROTTLE.wrongTries ? PERMANENT_LOCK : null };
}

export const afterSuccess = (): AttemptState => ({ failedAttempts: 0, nextAttemptAt: null, lockedUntil: null });

const secondsUntil = (when: string, now: Date) => Math.max(1, Math.ceil((Date.parse(when) - now.getTime()) / 1000));
