/**
 * Writes run together (src-server/store/writeBatch.ts): one transaction, all of it or none of it; a
 * guard write that changes nothing holds back the rest, and takes back the guards before it; inside an open transaction they join it. On
 * SQLite (one message to the writer thread) and, under test:postgres, PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTogether } from '../../../src-server/store/writeBatch.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.close());

const lease = (job: string, owner = 'test') => ({ job, owner, leaseUntil: '2099-01-01T00:00:00.000Z' });
const leases = async (prefix: string) =>
  await backend.store.db.selectFrom('jobLeases').select(['job', 'owner']).where('job', 'like', `${prefix}%`).orderBy('job').execute();

describe('writes run together', () => {
  it.each([false, true])('commit all of them and answer the rows each changed (cheap commit: %s)', async (cheap) => {
    const db = backend.store.db;
    const prefix = `all-${cheap}-`;
    await db
      .insertInto('jobLeases')
      .values([lease(`${prefix}1`), lease(`${prefix}2`)])
      .execute();
    const changes = await writeTogether(
      db,
      [
        db.updateTable('jobLeases').set({ owner: 'moved' }).where('job', 'like', `${prefix}%`),
        db.insertInto('jobLeases').values(lease(`${prefix}3`)),
        db.deleteFrom('jobLeases').where('job', '=', `${prefix}nothing`),
      ],
      { cheap },
    );
    expect(changes).toEqual([2, 1, 0]);
    expect(await leases(prefix)).toEqual([
      { job: `${prefix}1`, owner: 'moved' },
      { job: `${prefix}2`, owner: 'moved' },
      { job: `${prefix}3`, owner: 'test' },
    ]);
  });

  it('write nothing and answer null when the first write changes no row', async () => {
    const db = backend.store.db;
    await db.insertInto('jobLeases').values(lease('guard-1', 'first')).execute();
    const guarded = (owner: string) =>
      writeTogether(
        db,
        [
          db.updateTable('jobLeases').set({ owner: 'second' }).where('job', '=', 'guard-1').where('owner', '=', owner),
          db.insertInto('jobLeases').values(lease('guard-2')),
        ],
        { cheap: true, guards: 1 },
      );
    expect(await guarded('somebody else')).toBeNull();
    expect(await leases('guard-')).toEqual([{ job: 'guard-1', owner: 'first' }]);
    expect(await guarded('first')).toEqual([1, 1]);
    expect(await leases('guard-')).toEqual([
      { job: 'guard-1', owner: 'second' },
      { job: 'guard-2', owner: 'test' },
    ]);
  });

  it('take back the first guard’s write when a later guard changes no row, alone or inside an open transaction', async () => {
    const db = backend.store.db;
    await db
      .insertInto('jobLeases')
      .values([lease('guards-a', 'free'), lease('guards-b', 'taken')])
      .execute();
    const twoGuards = (tx: typeof db) =>
      writeTogether(
        tx,
        [
          tx.updateTable('jobLeases').set({ owner: 'mine' }).where('job', '=', 'guards-a').where('owner', '=', 'free'),
          tx.updateTable('jobLeases').set({ owner: 'mine' }).where('job', '=', 'guards-b').where('owner', '=', 'free'),
          tx.insertInto('jobLeases').values(lease('guards-c')),
        ],
        { cheap: true, guards: 2 },
      );
    const untouched = [
      { job: 'guards-a', owner: 'free' },
      { job: 'guards-b', owner: 'taken' },
    ];
    expect(await twoGuards(db)).toBeNull();
    expect(await leases('guards-')).toEqual(untouched);
    // Inside the caller's transaction only the batch is taken back; the caller's own write stays.
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('jobLeases').values(lease('guards-outer')).execute();
      expect(await twoGuards(tx)).toBeNull();
    });
    expect(await leases('guards-')).toEqual([...untouched, { job: 'guards-outer', owner: 'test' }]);
  });

  it('leave nothing when one write fails, report its database error, and the next writes go through', async () => {
    const db = backend.store.db;
    await db.insertInto('jobLeases').values(lease('failing-1')).execute();
    await expect(
      writeTogether(db, [
        db.updateTable('jobLeases').set({ owner: 'changed' }).where('job', '=', 'failing-1'),
        db.insertInto('jobLeases').values(lease('failing-2')),
        db.insertInto('jobLeases').values(lease('failing-1')),
      ]),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT_PRIMARYKEY|23505)$/) });
    expect(await leases('failing-')).toEqual([{ job: 'failing-1', owner: 'test' }]);
    expect(await writeTogether(db, [db.insertInto('jobLeases').values(lease('failing-3'))])).toEqual([1]);
  });

  it('join the transaction they are called in, which commits or rolls back as a whole', async () => {
    const db = backend.store.db;
    await expect(
      db.transaction().execute(async (tx) => {
        expect(await writeTogether(tx, [tx.insertInto('jobLeases').values(lease('joined-1'))], { cheap: true })).toEqual([1]);
        expect(await leases('joined-')).toEqual([]);
        throw new Error('the outer work failed');
      }),
    ).rejects.toThrow('the outer work failed');
    expect(await leases('joined-')).toEqual([]);
  });
});
