/**
 * The append-only, hash-chained audit log. Each event's hash covers its content and the previous
 * event's hash, so changing or removing any event breaks every hash after it.
 *
 * An audited change writes its event unchained, in its own transaction and without any global lock;
 * the short chaining step (chaining.ts) links committed events into the chain afterwards, before
 * the request that made them is answered.
 */
import { hash as digestOf } from 'node:crypto';
import type { AuditEvent } from '../../../src-shared/api.js';
import type { ActorType, AuditAction } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import { decodeAuditDetails } from '../../store/jsonColumns.js';
import type { AuditEventsTable } from '../../store/schema.js';
import { iso } from '../platform/clock.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  action: AuditAction;
  accountId?: string | null;
  accountLogin?: string | null;
  reason?: string | null;
  ticketRef?: string | null;
  /** Evidence and context. Never a secret, a password or a token. */
  details?: Record<string, unknown>;
}

/** Who did it, for an agent's action. */
export const agentActor = (agent: { id: string; email: string }) => ({
  actorType: 'agent' as const,
  actorId: agent.id,
  actorLabel: agent.email,
});

/** Who did it, for a user acting on their own account (which is also whom it concerns). */
export const userActor = (account: { id: string; login: string }) => ({
  actorType: 'user' as const,
  actorId: account.id,
  actorLabel: account.login,
  accountId: account.id,
  accountLogin: account.login,
});

type Chained = Omit<AuditEventsTable, 'seq' | 'hash'>;

/** What retention leaves in place of an event's details; the details hash stays, so the chain still verifies. */
export const REDACTED_DETAILS = '{"redacted":"retention"}';

// One-shot hashing (crypto.hash): the chain check hashes every event twice, so no Hash object per call.
export const detailsHashOf = (details: string) => digestOf('sha256', details, 'hex');

/** True when the details are the ones the chain vouches for, or were redacted by retention. */
export const detailsIntact = (e: Pick<Chained, 'details' | 'detailsHash'>) =>
  e.details === REDACTED_DETAILS || detailsHashOf(e.details) === e.detailsHash;

/** An event's fields as text, as the offline verifier reads them back from an export. */
export type AsText<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };

/** The canonical text an event's hash covers; also what the offline verifier recomputes. */
export function eventHash(e: AsText<Omit<Chained, 'details'>>): string {
  const canonical = JSON.stringify([
    e.prevHash,
    e.at,
    e.actorType,
    e.actorId,
    e.actorLabel,
    e.action,
    e.accountId,
    e.accountLogin,
    e.reason,
    e.ticketRef,
    e.detailsHash,
  ]);
  return digestOf('sha256', canonical, 'hex');
}

/** Retention: replaces the details of events older than `before` with a marker; returns how many. */
export async function redactOldDetails(db: Db, before: Date): Promise<number> {
  const result = await db
    .updateTable('auditEvents')
    .set({ details: REDACTED_DETAILS })
    .where('at', '<', iso(before))
    .where('details', '!=', REDACTED_DETAILS)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records one event; call inside the transaction of the change it records, so both land or neither.
 * The event waits, unchained, for the chaining step; nothing here reads the chain or locks it.
 */
export async function appendAudit(db: Db, entry: AuditEntry, now: Date): Promise<void> {
  await auditInsert(db, entry, now).execute();
}

/** The insert that `appendAudit` runs, for a caller that writes it together with others (writeBatch.ts). */
export function auditInsert(db: Db, entry: AuditEntry, now: Date) {
  const details = JSON.stringify(entry.details ?? {});
  return db.insertInto('auditPending').values({
    at: iso(now),
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    accountId: entry.accountId ?? null,
    accountLogin: entry.accountLogin ?? null,
    reason: entry.reason ?? null,
    ticketRef: entry.ticketRef ?? null,
    details,
    detailsHash: detailsHashOf(details),
  });
}

export function toAuditEvent(row: Omit<AuditEventsTable, 'seq'> & { seq: number }): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    accountId: row.accountId,
    accountLogin: row.accountLogin,
    reason: row.reason,
    ticketRef: row.ticketRef,
    details: decodeAuditDetails(row.details),
    detailsHash: row.detailsHash,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
