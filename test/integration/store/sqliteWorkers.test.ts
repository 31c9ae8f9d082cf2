/**
 * SQLite statements run in worker threads (src-server/store/sqliteWorkers.ts): a slow read leaves the
 * server's thread free, and moving the statements changed nothing of what a transaction means.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser } from '../../support/users.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.close());

/** A read that keeps one connection busy for a while (counting through a recursive CTE). */
const slowRead = () =>
  sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c limit 30000000) select count(*) as n from c`.execute(
    backend.store.db,
  );

describe.runIf(!process.env['MFA_DESK_TEST_POSTGRES_URL'])('SQLite in worker threads', () => {
  it('answers /healthz and an exact-login search while a slow read runs', async () => {
    const agent = await backend.agentHttp(await backend.createAgent('admin'));
    await createUser(backend, agent, 'mira@corp.example', { mfa: false });
    const finished: string[] = [];
    // A raw statement goes to the writer, so this slow one holds the writer: reads must not wait for it.
    const slow = slowRead().then(() => finished.push('slow read'));
    const health = await backend.http.get('/healthz');
    finished.push('healthz');
    const search = await agent.get('/admin/v1/accounts', { params: { q: 'mira@corp.example' } });
    finished.push('search');
    await slow;
    expect(health.status).toBe(200);
    expect(search.data.items.map((a: { login: string }) => a.login)).toEqual(['mira@corp.example']);
    expect(finished).toEqual(['healthz', 'search', 'slow read']);
  });

  it('answers a quick read while slow reads sent in the same turn still run on the same readers', async () => {
    const db = backend.store.db;
    const finished: string[] = [];
    // Sent first, the quick read shares its reader's message with slow ones (each reader gets two of them).
    const quick = db
      .selectFrom('jobLeases')
      .select('job')
      .execute()
      .then(() => finished.push('quick'));
    const slowReads = Array.from({ length: 6 }, () =>
      db
        .selectNoFrom(
          sql<number>`(with recursive c(x) as (select 1 union all select x + 1 from c limit 3000000) select count(*) from c)`.as('n'),
        )
        .execute()
        .then(() => finished.push('slow')),
    );
    await Promise.all([quick, ...slowReads]);
    expect(finished[0]).toBe('quick');
  });

  it('keeps a transaction alone: its writes are seen by others only after commit, and a rollback leaves nothing', async () => {
    const db = backend.store.db;
    const count = async () => (await db.selectFrom('jobLeases').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside = -1;
    const transaction = db.transaction().execute(async (tx) => {
      await tx.insertInto('jobLeases').values({ job: 'probe-1', owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' }).execute();
      inside = Number((await tx.selectFrom('jobLeases').select(tx.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      await held;
    });
    await expect.poll(() => inside).toBe(before + 1);
    // Outside the transaction the insert is not there yet, and a write outside waits its turn.
    expect(Number(await count())).toBe(before);
    const outsideWrite = db
      .insertInto('jobLeases')
      .values({ job: 'probe-2', owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' })
      .execute()
      .then(() => 'written');
    release();
    await transaction;
    expect(await outsideWrite).toBe('written');
    expect(Number(await count())).toBe(before + 2);

    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('jobLeases').values({ job: 'probe-3', owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(Number(await count())).toBe(before + 2);
  });

  it('serves a lone write sent before a transaction began ahead of it, though the write hands the writer on once sent', async () => {
    const db = backend.store.db;
    const written = db.insertInto('jobLeases').values({ job: 'order-1', owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' }).execute();
    const seen = await db.transaction().execute((tx) => tx.selectFrom('jobLeases').select('job').where('job', '=', 'order-1').execute());
    await written;
    expect(seen).toEqual([{ job: 'order-1' }]);
  });

  it('answers each of many statements sent in one turn with its own result or error', async () => {
    const db = backend.store.db;
    const lease = (job: string) => ({ job, owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' });
    await db.insertInto('jobLeases').values(lease('turn-taken')).execute();
    const writes = Array.from({ length: 40 }, (_, i) => {
      const job = i === 17 ? 'turn-taken' : `turn-${String(i).padStart(2, '0')}`;
      return db
        .insertInto('jobLeases')
        .values(lease(job))
        .execute()
        .then(
          () => 'written',
          (error: unknown) => (error as { code?: string }).code,
        );
    });
    const reads = Array.from({ length: 10 }, () => db.selectFrom('jobLeases').select('job').where('job', '=', 'turn-taken').execute());
    const outcomes = await Promise.all(writes);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(39);
    expect(outcomes[17]).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    for (const rows of await Promise.all(reads)) expect(rows).toEqual([{ job: 'turn-taken' }]);
    const stored = await db.selectFrom('jobLeases').select('job').where('job', 'like', 'turn-%').execute();
    expect(stored).toHaveLength(40);
  });

  it('reports a statement that fails with its SQLite error, and goes on serving', async () => {
    const db = backend.store.db;
    const lease = { job: 'probe-unique', owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' };
    await db.insertInto('jobLeases').values(lease).execute();
    await expect(db.insertInto('jobLeases').values(lease).execute()).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toThrow(/no such table/);
    expect((await backend.http.get('/readyz')).status).toBe(200);
  });
});
