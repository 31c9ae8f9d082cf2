/**
 * The one ordering step of the audit chain: a transaction in which only one chainer in the whole
 * cluster runs, so reading the chain's last hash and appending after it cannot fork the chain. It
 * holds no business work, only the linking of events already committed, so it stays short.
 * On PostgreSQL a transaction-scoped advisory lock serialises chainers across connections and
 * instances; on SQLite every transaction is begun IMMEDIATE (sqliteWorkers.ts), so the step is the
 * database's one writer from its first statement.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './openStore.js';

/** Advisory lock id of the audit chain on PostgreSQL. */
const AUDIT_CHAIN_LOCK = 0x4d464144;

/** Runs `link` in a transaction that no other chainer overlaps. */
export async function inAuditChainOrder<T>(db: Db, link: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
    return link(tx);
  });
}
