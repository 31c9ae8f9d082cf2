/**
 * The audit log's size kept by triggers (migration 0018, src-server/store/auditEventCount.ts): the
 * migration counts the events already there, and every insert or delete keeps the count exact, the
 * chaining step's and any other writer's. On SQLite and, under test:postgres, PostgreSQL.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { chainPendingAudit } from '../../../src-server/domain/audit/chaining.js';
import { appendAudit, detailsHashOf, GENESIS_HASH } from '../../../src-server/domain/audit/chain.js';
import type { Db } from '../../../src-server/store/openStore.js';
import { databaseBefore } from '../../support/upgrade.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const counts = async (db: Db) => ({
  kept: Number((await db.selectFrom('auditEventCount').select('n').executeTakeFirstOrThrow()).n),
  counted: Number(
    (
      await db
        .selectFrom('auditEvents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const systemEvent = (n: number) => ({
  actorType: 'system' as const,
  actorId: null,
  actorLabel: 'test',
  action: 'audit.exported' as const,
  details: { n },
});

describe('the audit log size', () => {
  it('is counted by the migration and kept exact by every insert and delete', async () => {
    // The schema as it was before the count, with three events already logged.
    const database = await databaseBefore('0018');
    cleanups.push(() => database.drop());
    for (let i = 1; i <= 3; i++) {
      await sql`insert into audit_events (at, actor_type, actor_label, action, details, details_hash, prev_hash, hash)
        values ('2026-01-01T00:00:00.000Z', 'system', 'test', 'audit.exported', '{}', ${detailsHashOf('{}')}, ${GENESIS_HASH}, ${`h${i}`})`.execute(
        database.old,
      );
    }
    const store = await database.open();
    expect(await counts(store.db)).toEqual({ kept: 3, counted: 3 });

    // The chaining step inserts a batch in one statement.
    for (let i = 0; i < 5; i++) await appendAudit(store.db, systemEvent(i), new Date());
    await chainPendingAudit(store.db);
    expect(await counts(store.db)).toEqual({ kept: 8, counted: 8 });

    // Any other writer, and a delete (a restore from backup, say), is counted too.
    await store.db.deleteFrom('auditEvents').where('hash', 'in', ['h1', 'h2']).execute();
    expect(await counts(store.db)).toEqual({ kept: 6, counted: 6 });
  });
});
