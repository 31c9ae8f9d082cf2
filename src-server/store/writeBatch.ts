/**
 * Writes that belong together and need nothing read in between, run as one transaction. On SQLite the
 * whole transaction travels to the writer thread as one message and runs there at once (sqliteWorkers.ts),
 * instead of one round trip per statement with this thread's event loop in between while the writer
 * waits; on PostgreSQL, and inside a transaction already open, the writes run one after the other in it.
 */
import type { Compilable } from 'kysely';
import { withCheapCommit } from './commitDurability.js';
import type { Db } from './openStore.js';
import { SqliteWorkerAdapter, type WriteBatchOptions } from './sqliteWorkers.js';

/**
 * Runs `writes` (inserts, updates, deletes; no RETURNING) in order as one transaction and answers the
 * rows each changed. With `onlyIfFirstChanges`, a first write that changes no row (a lost guard) leaves
 * everything unwritten and the answer is null. `cheap`: the commit need not be flushed (commitDurability.ts).
 */
export async function writeTogether(
  db: Db,
  writes: readonly Compilable[],
  { cheap = false, onlyIfFirstChanges = false }: Partial<WriteBatchOptions> = {},
): Promise<number[] | null> {
  const adapter = db.getExecutor().adapter;
  if (!db.isTransaction && adapter instanceof SqliteWorkerAdapter) {
    return adapter.writeBatch(
      writes.map((write) => write.compile()),
      { cheap, onlyIfFirstChanges },
    );
  }
  const run = async (tx: Db) => {
    const changes: number[] = [];
    for (const write of writes) {
      const changed = Number((await tx.executeQuery(write)).numAffectedRows ?? 0);
      // The first write changed nothing, so nothing is written yet: stopping here leaves nothing behind.
      if (changes.length === 0 && onlyIfFirstChanges && changed === 0) return null;
      changes.push(changed);
    }
    return changes;
  };
  if (cheap) return withCheapCommit(db, run);
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
