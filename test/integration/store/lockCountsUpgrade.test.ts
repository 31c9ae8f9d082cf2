/**
 * Migration 0025 on a database that already has locked accounts (an upgrade): the migration counts the
 * locks already set, in both grains, so the report is right from the first call after the upgrade, and
 * the triggers go on from there. On SQLite and, under test:postgres, PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountRow } from '../../../src-server/domain/accounts/accounts.js';
import { PERMANENT_LOCK } from '../../../src-server/domain/credentials/attemptThrottle.js';
import { addSeconds, iso } from '../../../src-server/domain/platform/clock.js';
import { lockedAccountTotal } from '../../../src-server/domain/report/lockedAccounts.js';
import { databaseBefore } from '../../support/upgrade.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the lock counters on an upgraded database', () => {
  it('count the locks set before the migration, and keep counting after it', async () => {
    const database = await databaseBefore('0025');
    cleanups.push(() => database.drop());
    // The schema as it was before the counters, with accounts locked until this minute, later today, tomorrow, for ever, and in the past.
    const now = new Date();
    const ends = [addSeconds(now, 1), addSeconds(now, 2 * 3600), addSeconds(now, 26 * 3600), null, addSeconds(now, -60)];
    const rows = Array.from({ length: 50 }, (_, i) => {
      const end = ends[i % ends.length];
      const row = accountRow(
        { login: `old.lock.${i}@upgrade.example`, displayName: `Old Lock ${i}`, department: i % 2 ? 'Sales' : 'Legal' },
        null,
        now,
      );
      return { ...row, lockedUntil: end === null ? PERMANENT_LOCK : iso(end!) };
    });
    await database.old.insertInto('accounts').values(rows).execute();
    const store = await database.open();
    // 4 of every 5 are locked now; 3 of every 5 still in two hours, when this minute's have ended.
    expect(await lockedAccountTotal(store.db, now)).toBe(40);
    expect(await lockedAccountTotal(store.db, addSeconds(now, 3600))).toBe(30);
    expect(await lockedAccountTotal(store.db, addSeconds(now, 3 * 3600))).toBe(20);
    expect(await lockedAccountTotal(store.db, addSeconds(now, 30 * 3600))).toBe(10);

    // The triggers go on from the migration's count: an unlock of a permanent lock.
    const permanent = rows.find((r) => r.lockedUntil === PERMANENT_LOCK)!;
    await store.db.updateTable('accounts').set({ lockedUntil: null }).where('id', '=', permanent.id).execute();
    expect(await lockedAccountTotal(store.db, addSeconds(now, 30 * 3600))).toBe(9);
  });
});
