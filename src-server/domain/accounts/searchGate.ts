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
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { isLoginLookup } from './search.js';

export type SearchGate = <T>(q: string, search: () => Promise<T>) => Promise<T>;

export function createSearchGate(concurrency = availableParallelism()): SearchGate {
  const limit = pLimit(Math.max(1, concurrency));
  return (q, search) => (isLoginLookup(q) ? search() : limit(search));
}
