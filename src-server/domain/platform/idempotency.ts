/**
 * Idempotency keys for support actions: the first completed answer under a key is stored, and a
 * retry with the same key and body gets it back instead of acting twice. The check and the action
 * run in one transaction, so concurrent retries are serialised by the database.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/openStore.js';
import { iso } from './clock.js';
import { DeskProblem } from './problems.js';

export interface IdempotentCall {
  agentId: string;
  key: string;
  operation: string;
  body: unknown;
}

export async function runIdempotent<T>(
  db: Db,
  call: IdempotentCall,
  now: Date,
  action: (tx: Db) => Promise<T>,
): Promise<{ status: 'fresh' | 'replayed'; value: T }> {
  const requestHash = createHash('sha256')
    .update(JSON.stringify([call.operation, call.body]))
    .digest('hex');
  return db.transaction().execute(async (tx) => {
    // Claim the key first. A concurrent retry with the same key waits here until this transaction ends
    // (PostgreSQL blocks on the unique key; SQLite runs one writer at a time), then finds the answer.
    const claimed = await tx
      .insertInto('idempotencyKeys')
      .values({
        agentId: call.agentId,
        key: call.key,
        operation: call.operation,
        requestHash,
        statusCode: 0,
        response: '',
        createdAt: iso(now),
      })
      .onConflict((oc) => oc.columns(['agentId', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) {
      const earlier = await tx
        .selectFrom('idempotencyKeys')
        .selectAll()
        .where('agentId', '=', call.agentId)
        .where('key', '=', call.key)
        .executeTakeFirstOrThrow();
      if (earlier.requestHash !== requestHash || earlier.operation !== call.operation) {
        throw new DeskProblem(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key.',
        );
      }
      // Stored below under this agent, key, operation and request hash: what this same action returned.
      return { status: 'replayed' as const, value: JSON.parse(earlier.response) as T };
    }
    // If the action fails the transaction rolls back, the claim with it, and a retry may try again.
    const value = await action(tx);
    await tx
      .updateTable('idempotencyKeys')
      .set({ statusCode: 200, response: JSON.stringify(value) })
      .where('agentId', '=', call.agentId)
      .where('key', '=', call.key)
      .execute();
    return { status: 'fresh' as const, value };
  });
}
