/**
 * Claiming outbox e-mails for delivery, so that with several backend instances on one database each
 * e-mail is sent by one of them. A claim writes a lease (owner token, expiry) in one statement; only
 * an e-mail still to send, due, and not leased (or whose lease expired: its sender crashed) can be
 * claimed. On PostgreSQL the batch claim locks with FOR UPDATE SKIP LOCKED, so instances claiming at
 * once take different e-mails instead of queueing behind each other; SQLite runs one write statement
 * at a time, so the same conditional UPDATE is atomic there as it is.
 */
import { PostgresAdapter, type ExpressionBuilder } from 'kysely';
import type { Db } from './openStore.js';
import type { Database, OutboxTable } from './schema.js';

export interface Lease {
  owner: string;
  /** ISO time the lease runs out. */
  until: string;
  /** ISO time now: what is due and which leases have expired. */
  now: string;
}

function claimable(eb: ExpressionBuilder<Database, 'outbox'>, now: string) {
  return eb.and([
    eb('sentAt', 'is', null),
    eb('withdrawnAt', 'is', null),
    eb('failedAt', 'is', null),
    eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', now)]),
    eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', now)]),
  ]);
}

/** Claims up to `limit` due e-mails, oldest first; returns the rows now leased to `lease.owner`. */
export async function claimDueMail(db: Db, lease: Lease, limit: number): Promise<OutboxTable[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db
    .updateTable('outbox')
    .set({ leaseOwner: lease.owner, leaseUntil: lease.until })
    .where((eb) => claimable(eb, lease.now))
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('outbox')
        .select('id')
        .where((inner) => claimable(inner, lease.now))
        .orderBy('createdAt')
        .limit(limit);
      return postgres ? due.forUpdate().skipLocked() : due;
    })
    .returningAll()
    .execute();
}

/** Claims one e-mail if it is claimable now (used to send right after the action that queued it). */
export async function claimMail(db: Db, id: string, lease: Lease): Promise<OutboxTable | undefined> {
  return db
    .updateTable('outbox')
    .set({ leaseOwner: lease.owner, leaseUntil: lease.until })
    .where('id', '=', id)
    .where((eb) => claimable(eb, lease.now))
    .returningAll()
    .executeTakeFirst();
}
