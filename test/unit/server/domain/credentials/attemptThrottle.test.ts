import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  assertLinkMayAttempt,
  assertMayAttempt,
  isLocked,
  LINK_THROTTLE,
  linkAfterFailure,
  PERMANENT_LOCK,
  type AttemptState,
} from '../../../../../src-server/domain/credentials/attemptThrottle.js';
import { DeskProblem } from '../../../../../src-server/domain/platform/problems.js';

const now = new Date('2026-11-29T12:00:00Z');
const fail = (n: number) => {
  let s: AttemptState = afterSuccess();
  for (let i = 0; i < n; i++) s = afterFailure(s, now);
  return s;
};

describe('attempt throttle', () => {
  it('lets the first three wrong tries through without delay', () => {
    expect(fail(3).nextAttemptAt).toBeNull();
    expect(() => assertMayAttempt(fail(3), now)).not.toThrow();
  });

  it('then doubles the wait between tries', () => {
    const waits = [4, 5, 6].map((n) => (Date.parse(fail(n).nextAttemptAt!) - now.getTime()) / 1000);
    expect(waits).toEqual([2, 4, 8]);
    try {
      assertMayAttempt(fail(4), now);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DeskProblem);
      expect((error as DeskProblem).status).toBe(429);
      expect((error as DeskProblem).extra.retryAfterSeconds).toBe(2);
    }
  });

  it('locks at ten failures for 15 minutes, longer each time', () => {
    expect(isLocked(fail(10), now)).toBe(true);
    expect(Date.parse(fail(10).lockedUntil!) - now.getTime()).toBe(15 * 60 * 1000);
    expect(Date.parse(fail(20).lockedUntil!) - now.getTime()).toBe(30 * 60 * 1000);
    expect(() => assertMayAttempt(fail(10), now)).toThrow(/locked/);
  });

  it('never allows more than 100 failures in a row: then only support can unlock', () => {
    expect(fail(99).lockedUntil).not.toBe(PERMANENT_LOCK);
    expect(fail(100).lockedUntil).toBe(PERMANENT_LOCK);
    expect(isLocked(fail(100), new Date('2100-01-01T00:00:00Z'))).toBe(true);
  });

  it('a success clears the count', () => {
    expect(afterSuccess()).toEqual({ failedAttempts: 0, nextAttemptAt: null, lockedUntil: null });
  });

  it('a re-enrolment link allows its few wrong tries without waits, then is locked for good', () => {
    let s: AttemptState = afterSuccess();
    for (let i = 1; i < LINK_THROTTLE.wrongTries; i++) {
      s = linkAfterFailure(s);
      expect(s).toEqual({ failedAttempts: i, nextAttemptAt: null, lockedUntil: null });
      expect(() => assertLinkMayAttempt(s, now)).not.toThrow();
    }
    s = linkAfterFailure(s);
    expect(s.lockedUntil).toBe(PERMANENT_LOCK);
    expect(() => assertLinkMayAttempt(s, new Date('2100-01-01T00:00:00Z'))).toThrow(/Ask support for a new link/);
  });
});
