/**
 * Migration 0015: audited writes no longer take the chain's lock. A business transaction inserts its
 * events here, unchained; a short chaining step (domain/audit/chaining.ts, under store/auditChainOrder.ts) moves
 * them in order into `audit_events`, linking each to the one before. `id` only orders the pending
 * events of one transaction; the chain's order is the order the chaining step writes.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

export function auditPendingTable(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_pending')
        .addColumn('id', dialect === 'postgres' ? sql`bigserial` : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('account_login', 'text')
        .addColumn('reason', 'text')
        .addColumn('ticket_ref', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('details_hash', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
