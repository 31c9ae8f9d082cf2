/**
 * The durability model. Every commit is flushed to disk before it is acknowledged — support actions
 * (disables, resets, decisions, escalations) and their audit events included — except the per-attempt
 * bookkeeping of sign-ins, which runs through `withCheapCommit` (or `writeTogether` with `cheap`,
 * writeBatch.ts): attempt counters, the audit of failed attempts, and a code's acceptance with the
 * session it opens. Such a commit is written but not flushed
 * (SQLite: WAL with `synchronous = NORMAL`, the flush skipped, see sqliteWorkers.ts; PostgreSQL:
 * `synchronous_commit = off` for that transaction). A crashed process loses none of it; a power cut
 * can lose the last such commits (at most until the next flushed commit, which carries all before it).
 * What that costs: a guess counted just before the power cut may be counted again from the old value,
 * a session opened then is gone (the user signs in again), and a code accepted then could be accepted
 * once more within its 90 seconds.
 */
import { sql } from 'kysely';
import type { Db } from './openStore.js';
import { CHEAP_COMMIT_SQL } from './sqliteWorkers.js';

/**
 * Runs `work` in a transaction whose commit need not be flushed. Inside another transaction it simply
 * joins it, and that transaction's durability stands.
 */
export async function withCheapCommit<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(async (tx) => {
    await sql.raw(CHEAP_COMMIT_SQL).execute(tx);
    return work(tx);
  });
}
