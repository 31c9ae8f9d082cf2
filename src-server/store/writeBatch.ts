/**
 * Writes that belong together and need nothing read in between, run as one transaction. On SQLite the
 * whole transaction travels to the writer thread as one message and runs there at once (sqliteWorkers.ts),
 * instead of one round trip per statement with this thread's event loop in between while the writer
 * waits; on PostgreSQL, and inside a transaction already open, the writes run one after the other in it.
 */
import { sql, type Compilable } from 'kysely';
import { withCheapCommit } from './commitDurability.js';
import type { Db } from './openStore.js';
import { SqliteWorkerAdapter, type WriteBatchOptions } from './sqliteWorkers.js';

/** Thrown inside the transaction to roll back the writes already made when a later guard changes nothing. */
class GuardLost extends Error {}

/**
 * Runs `writes` (inserts, updates, deletes; no RETURNING) in order as one transaction and answers the
 * rows each changed. The first `guards` writes are guards: when one of them changes no row (a lost race),
 * nothing of the batch stays written and the answer is null. `cheap`: the commit need not be flushed
 * (commitDurability.ts).
 */
export async function writeTogether(
  db: Db,
  writes: readonly Compilable[],
  { cheap = false, guards = 0 }: Partial<WriteBatchOptions> = {},
): Promise<number[] | null> {
  const adapter = db.getExecutor().adapter;
  if (!db.isTransaction && adapter instanceof SqliteWorkerAdapter) {
    return adapter.writeBatch(
      writes.map((write) => write.compile()),
      { cheap, guards },
    );
  }
  const run = async (tx: Db) => {
    const changes: number[] = [];
    for (const write of writes) {
      const changed = Number((await tx.executeQuery(write)).numAffectedRows ?? 0);
      if (changes.length < guards && changed === 0) throw new GuardLost();
      changes.push(changed);
    }
    return changes;
  };
  // Inside the caller's transaction, a savepoint takes back this batch's writes and leaves the caller's.
  const inCallersTransaction = async (tx: Db) => {
    await sql`savepoint write_together`.execute(tx);
    try {
      const changes = await run(tx);
      await sql`release savepoint write_together`.execute(tx);
      return changes;
    } catch (error) {
      await sql`rollback to savepoint write_together`.execute(tx);
      await sql`release savepoint write_together`.execute(tx);
      throw error;
    }
  };
  try {
    if (db.isTransaction) return await inCallersTransaction(db);
    return await (cheap ? withCheapCommit(db, run) : db.transaction().execute(run));
  } catch (error) {
    if (error instanceof GuardLost) return null;
    throw error;
  }
}
