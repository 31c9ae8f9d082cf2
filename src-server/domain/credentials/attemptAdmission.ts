/**
 * Admitting a guess before it is checked. Every path that checks a secret (password, code, link) first
 * claims its attempt with one conditional UPDATE: compare-and-set on the failure count, and only while no
 * wait or lock holds. Concurrent guesses therefore cannot all read the same count and all be evaluated —
 * on SQLite, on PostgreSQL and across backend instances. The claim counts the attempt as failed up
 * front (with the wait or lock that failure brings); a success clears it, and a step that was right but
 * is not the end of the sign-in gives its claim back.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/openStore.js';
import { writeTogether } from '../../store/writeBatch.js';
import {
  afterFailure,
  afterSuccess,
  assertLinkMayAttempt,
  assertMayAttempt,
  isLocked,
  LINK_THROTTLE,
  linkAfterFailure,
  THROTTLE,
  type AttemptState,
} from './attemptThrottle.js';
import { addSeconds, iso } from '../platform/clock.js';
import { DeskProblem } from '../platform/problems.js';

/** Whose failures are counted: an account, an agent, a login that matches neither, or a re-enrolment link. */
export interface ThrottleSubject {
  table: 'accounts' | 'agents' | 'unknownLoginAttempts' | 'enrollmentTickets';
  id: string;
}

export const accountSubject = (id: string): ThrottleSubject => ({ table: 'accounts', id });
export const agentSubject = (id: string): ThrottleSubject => ({ table: 'agents', id });
/** A re-enrolment link's own count: the account's lock neither applies to it nor moves with it. */
export const ticketSubject = (id: string): ThrottleSubject => ({ table: 'enrollmentTickets', id });

interface ThrottlePolicy {
  assertMayAttempt: (s: AttemptState, now: Date) => void;
  afterFailure: (s: AttemptState, now: Date) => AttemptState;
}
const SIGN_IN: ThrottlePolicy = { assertMayAttempt, afterFailure };
const LINK: ThrottlePolicy = { assertMayAttempt: assertLinkMayAttempt, afterFailure: linkAfterFailure };
const policyOf = (subject: ThrottleSubject) => (subject.table === 'enrollmentTickets' ? LINK : SIGN_IN);

/**
 * The throttle of a login that matches nothing, so that an unknown login is refused, delayed and locked
 * exactly like a known one (no enumeration). Keyed by a hash: typos of real addresses are not stored.
 */
export const unknownLoginSubject = (realm: 'user' | 'agent', loginNorm: string): ThrottleSubject => ({
  table: 'unknownLoginAttempts',
  id: createHash('sha256').update(`${realm}\n${loginNorm}`).digest('hex'),
});

export interface AttemptClaim {
  subject: ThrottleSubject;
  before: AttemptState;
  after: AttemptState;
}

/** Did this very claim lock the subject (so the failure that follows is audited as a lock too)? */
export const claimLocked = (claim: AttemptClaim, now: Date) => isLocked(claim.after, now) && !isLocked(claim.before, now);

const NO_FAILURES: AttemptState = afterSuccess();
/**
 * A claim loses only to another claim that won since it read, and a subject admits only so many claims
 * in a row before it must wait or is locked (the free tries and the one that starts the first wait, or
 * a link's tries). One round more than that, and every claim of a burst of guesses ends with the
 * throttle's own answer (admitted, wait, locked), however closely the rounds follow each other.
 */
const MAX_CLAIM_ROUNDS = Math.max(THROTTLE.freeFailures + 1, LINK_THROTTLE.wrongTries) + 1;

async function readState(db: Db, subject: ThrottleSubject): Promise<AttemptState | undefined> {
  return db
    .selectFrom(subject.table)
    .select(['failedAttempts', 'nextAttemptAt', 'lockedUntil'])
    .where('id', '=', subject.id)
    .executeTakeFirst();
}

/** The write that moves `subject` from `before` to `after`, or changes nothing when another claim got there first. */
function compareAndSet(db: Db, subject: ThrottleSubject, before: AttemptState | undefined, after: AttemptState, now: Date) {
  const nowIso = iso(now);
  if (!before) {
    // Only unknown logins have no row yet; the primary key makes one of two first claims lose.
    return db
      .insertInto('unknownLoginAttempts')
      .values({ id: subject.id, ...after, updatedAt: nowIso })
      .onConflict((oc) => oc.column('id').doNothing());
  }
  const set = subject.table === 'unknownLoginAttempts' ? { ...after, updatedAt: nowIso } : after;
  return db
    .updateTable(subject.table)
    .set(set)
    .where('id', '=', subject.id)
    .where('failedAttempts', '=', before.failedAttempts)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', nowIso)]))
    .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', nowIso)]));
}

/**
 * Claims one attempt for `subject`, or throws 429/423 when it must wait or is locked. The claim is
 * counted as a failure until `clearAttempts` or `returnClaim` says otherwise. `read`: the subject's
 * state as the caller just read it (its row), saving a read; when it is stale the claim changes
 * nothing and the state is read again.
 */
export async function claimAttempt(db: Db, subject: ThrottleSubject, now: Date, read?: AttemptState): Promise<AttemptClaim> {
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const stored = round === 0 && read ? read : await readState(db, subject);
    if (!stored && subject.table !== 'unknownLoginAttempts') throw new Error(`No ${subject.table} row ${subject.id} to throttle.`);
    const before = stored ?? NO_FAILURES;
    const policy = policyOf(subject);
    policy.assertMayAttempt(before, now);
    const after = policy.afterFailure(before, now);
    // A counter of attempts, not a support action: its commit need not wait for the disk (commitDurability.ts).
    const [changed] = (await writeTogether(db, [compareAndSet(db, subject, stored, after, now)], { cheap: true })) ?? [];
    if (changed === 1) return { subject, before, after };
  }
  throw new DeskProblem(429, 'too_many_attempts', 'Too many attempts at once. Wait a moment and try again.', {
    retryAfterSeconds: 1,
    params: { seconds: 1 },
  });
}

/** A successful sign-in: the failures in a row start again from zero. */
export async function clearAttempts(db: Db, subject: ThrottleSubject): Promise<void> {
  await attemptsCleared(db, subject).execute();
}

/** The update that `clearAttempts` runs, for a caller that writes it together with others (writeBatch.ts). */
export const attemptsCleared = (db: Db, subject: ThrottleSubject) =>
  db.updateTable(subject.table).set(NO_FAILURES).where('id', '=', subject.id);

/**
 * A step that was right but does not finish the sign-in (the password, when a code is still owed):
 * the claim is given back, unless other attempts were claimed since (then they stand as they are).
 */
export async function returnClaim(db: Db, claim: AttemptClaim): Promise<void> {
  await db
    .updateTable(claim.subject.table)
    .set(claim.before)
    .where('id', '=', claim.subject.id)
    .where('failedAttempts', '=', claim.after.failedAttempts)
    .execute();
}

/**
 * Takes one of `limit` slots in a fixed window of `windowSeconds` for `id`, atomically; throws 429 with
 * `refusal` when the window is used up. For budgets that are not about failures (clock checks).
 */
export async function claimWindowSlot(
  db: Db,
  id: string,
  limit: number,
  windowSeconds: number,
  now: Date,
  refusal: (retryAfterSeconds: number) => DeskProblem,
): Promise<void> {
  const nowIso = iso(now);
  // As with claims: each lost round means a slot was taken since, so `limit + 1` rounds end at a full window.
  for (let round = 0; round <= limit; round++) {
    const row = await db.selectFrom('attemptWindows').select(['windowStart', 'used']).where('id', '=', id).executeTakeFirst();
    if (!row) {
      const inserted = await db
        .insertInto('attemptWindows')
        .values({ id, windowStart: nowIso, used: 1 })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return;
      continue;
    }
    const windowEnd = addSeconds(new Date(row.windowStart), windowSeconds);
    const expired = windowEnd <= now;
    if (!expired && row.used >= limit) {
      throw refusal(Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000)));
    }
    const claimed = await db
      .updateTable('attemptWindows')
      .set(expired ? { windowStart: nowIso, used: 1 } : { used: row.used + 1 })
      .where('id', '=', id)
      .where('windowStart', '=', row.windowStart)
      .where('used', '=', row.used)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) return;
  }
  throw refusal(1);
}

/** Forgets throttles of unknown logins and clock-check windows that have been quiet for a day. */
export async function purgeQuietThrottles(db: Db, now: Date): Promise<number> {
  const dayAgo = iso(addSeconds(now, -86_400));
  const nowIso = iso(now);
  const logins = await db
    .deleteFrom('unknownLoginAttempts')
    .where('updatedAt', '<', dayAgo)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', nowIso)]))
    .executeTakeFirst();
  const windows = await db.deleteFrom('attemptWindows').where('windowStart', '<', dayAgo).executeTakeFirst();
  return Number(logins.numDeletedRows) + Number(windows.numDeletedRows);
}
