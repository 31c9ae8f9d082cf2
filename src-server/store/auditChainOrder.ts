/**
 * The one ordering step of the audit chain: a transaction in which only one chainer in the whole
 * cluster runs, so reading the chain's last hash and appending after it cannot fork the chain. It
 * holds no business work, only the linking of events already committed, so it stays short.
 * On PostgreSQL a transaction-scoped advisory lock serialises chainers across connections and
 * instances. On SQLite the step is opened with BEGIN IMMEDIATE, so it is the database's writer from its
 * first statement: another process's chainer waits for it (busy timeout) rather than failing to turn
 * its read into a write.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './openStore.js';

/** Advisory lock id of the audit chain on PostgreSQL. */
const AUDIT_CHAIN_LOCK = 0x4d464144;

/** Runs `link` in a transaction that no other chainer overlaps. */
export async function inAuditChainOrder<T>(db: Db, link: (tx: Db) => Promise<T>): Promise<T> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
      return link(tx);
    });
  }
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await link(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
