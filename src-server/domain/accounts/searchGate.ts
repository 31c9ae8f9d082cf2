/**
 * Searches take turns, so that one agent's look-up of a login is not kept waiting behind many broad
 * searches (#11 §2). A search costs this thread's time (HTTP, JSON, building the statements) besides the
 * database's, and on a few cores dozens of broad searches in flight make every request wait for all of
 * them. So at most a few broad searches (two per core) run at once in an instance and the others wait
 * their turn, in order; the look-up of a whole login, one index entry, never waits. Measured at 100k
 * accounts with 32 clients running worst-case searches: the look-up's p99 from 41–60 ms to 14–22 ms,
 * for about a quarter fewer broad searches served per second (README, performance).
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { isLoginLookup } from './search.js';

export type SearchGate = <T>(q: string, search: () => Promise<T>) => Promise<T>;

export function createSearchGate(concurrency = 2 * availableParallelism()): SearchGate {
  const limit = pLimit(Math.max(1, concurrency));
  return (q, search) => (isLoginLookup(q) ? search() : limit(search));
}
