/**
 * The chaining step of the audit log: takes the events that audited changes committed unchained
 * (oldest first, a batch at a time), links each to the chain's last hash and writes them as chained
 * events, in one short transaction that only one chainer in the cluster runs at a time
 * (store/auditChainOrder.ts). Whichever instance chains an event, it is chained exactly once: it is
 * deleted from the pending table in the same transaction that chains it.
 *
 * Each instance runs the step after every request that recorded an event, before answering it, so an
 * acknowledged action's event is in the chain; housekeeping runs it too, for events an instance left
 * behind when it stopped between its commit and its chaining step.
 */
import type { AuditAction } from '../../../src-shared/domain.js';
import { inAuditChainOrder } from '../../store/auditChainOrder.js';
import type { Db } from '../../store/openStore.js';
import { eventHash, GENESIS_HASH } from './chain.js';

/** How many pending events one chaining transaction links at most. */
export const CHAIN_BATCH = 500;

/** Links every event pending now into the chain; returns the actions chained, in chain order. */
export async function chainPendingAudit(db: Db): Promise<AuditAction[]> {
  const chained: AuditAction[] = [];
  // Nothing pending (the common case for a chainer that arrives second) takes no lock at all.
  if (!(await db.selectFrom('auditPending').select('id').limit(1).executeTakeFirst())) return chained;
  for (;;) {
    const batch = await inAuditChainOrder(db, async (tx) => {
      // Taking the batch is the step's first statement and a write, so on SQLite the step is the writer from its start.
      const pending = await tx
        .deleteFrom('auditPending')
        .where('id', 'in', (eb) => eb.selectFrom('auditPending').select('id').orderBy('id').limit(CHAIN_BATCH))
        .returningAll()
        .execute();
      if (pending.length === 0) return [];
      pending.sort((a, b) => a.id - b.id);
      const last = await tx.selectFrom('auditEvents').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows = pending.map(({ id: _id, ...content }) => {
        const row = { ...content, prevHash };
        prevHash = eventHash(row);
        return { ...row, hash: prevHash };
      });
      // One multi-row insert: sequence numbers are given in the order of the rows.
      await tx.insertInto('auditEvents').values(rows).execute();
      return rows.map((r) => r.action);
    });
    chained.push(...batch);
    if (batch.length < CHAIN_BATCH) return chained;
  }
}

export interface AuditChainer {
  /** Resolves once a chaining step that started after this call has finished. */
  settle(): Promise<void>;
  /** Called with the actions of each batch this instance chained (metrics). */
  onChained(listener: (actions: AuditAction[]) => void): void;
}

/**
 * Runs chaining steps one at a time in this instance. Callers arriving while a step runs share the
 * next one, so a burst of audited requests costs two steps, not one step each.
 */
export function createAuditChainer(db: Db): AuditChainer {
  const listeners: ((actions: AuditAction[]) => void)[] = [];
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const step = (): Promise<void> => {
    const current: Promise<void> = chainPendingAudit(db)
      .then((actions) => {
        if (actions.length > 0) for (const listener of listeners) listener(actions);
      })
      .finally(() => {
        if (running === current) running = null;
      });
    running = current;
    return current;
  };
  return {
    settle() {
      if (queued !== null) return queued;
      if (running === null) return step();
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return step();
        });
      return queued;
    },
    onChained(listener) {
      listeners.push(listener);
    },
  };
}
