/**
 * Searches take turns, so that one agent's look-up of a login is not kept waiting behind many broad
 * searches (#11 §2). A search costs this thread's time (HTTP, JSON, building the statements) besides the
 * database's, and on a few cores dozens of broad searches in flight make every request wait for all of
 * them. So at most one broad search per core runs at once in an instance and the others wait their
 * turn, in order; the look-up of a whole login, one index entry, never waits. Measured at 100k–1M accounts
 * with 32 clients running worst-case searches, the look-up's p99: without turns 41–60 ms (SQLite); two
 * per core 15–22 ms on SQLite, 26–36 ms on PostgreSQL (whose own processes share the cores); one per core
 * 10–20 ms on SQLite and 13–22 ms on PostgreSQL, serving 600–820 broad searches a second instead of about
 * 1,000 (README, performance).
 *
 * The line is bounded (`MFA_DESK_SEARCH_QUEUE`): past it a broad search is answered 503 `search_busy`
 * with Retry-After at once, as sign-ins are past the hashing capacity, so a flood of searches cannot
 * pile up in memory or make every agent's search late.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { DeskProblem } from '../platform/problems.js';
import { isLoginLookup } from './search.js';

export type SearchGate = <T>(q: string, search: () => Promise<T>) => Promise<T>;

export interface SearchGateOptions {
  /** Broad searches that run at once; one per core by default. */
  concurrency?: number;
  /** Broad searches that may wait for a turn; the next one is refused. */
  waiting: number;
}

/** A second is many turns: a broad search takes a few milliseconds. */
const RETRY_AFTER_SECONDS = 1;

export const searchBusy = () =>
  new DeskProblem(503, 'search_busy', 'Too many searches at this moment. Try again in a second.', {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

export function createSearchGate({ concurrency = availableParallelism(), waiting }: SearchGateOptions): SearchGate {
  const limit = pLimit(Math.max(1, concurrency));
  return (q, search) => {
    if (isLoginLookup(q)) return search();
    if (limit.pendingCount >= waiting) return Promise.reject(searchBusy());
    return limit(search);
  };
}
