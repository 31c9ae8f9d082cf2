/**
 * Migration 0026 on a database that already has accounts (an upgrade): SQLite's second search table is
 * filled from them, so a one-word search finds the accounts that were there before, and the table's
 * triggers keep it in step after. On SQLite and, under test:postgres, PostgreSQL (where the migration
 * does nothing and the inner trigram index of 0023 serves).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountRow, createAccount } from '../../../src-server/domain/accounts/accounts.js';
import { searchAccounts } from '../../../src-server/domain/accounts/search.js';
import { databaseBefore } from '../../support/upgrade.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the one-word search table on an upgraded database', () => {
  it('finds the accounts that were there before the migration, and those added after', async () => {
    const database = await databaseBefore('0026');
    cleanups.push(() => database.drop());
    const people = [
      ['greta.quellwasser@upgrade.example', 'Greta Quellwasser'],
      ['q.x@upgrade.example', 'Hanna Bergquell'],
      ['quellmann@upgrade.example', 'Ute Quellmann'],
    ] as const;
    await database.old
      .insertInto('accounts')
      .values(people.map(([login, displayName]) => accountRow({ login, displayName, department: 'Sales' }, null, new Date())))
      .execute();
    // A name stored before search forms blanked control characters, holding SQLite's start mark: it
    // must not hide the account from a search of two words.
    const marked = accountRow({ login: 'eve@upgrade.example', displayName: 'Eve Mallory', department: 'Sales' }, null, new Date());
    await database.old
      .insertInto('accounts')
      .values({ ...marked, displayName: 'Eve\u0002Ann Mallory', nameNorm: 'eve\u0002ann mallory', surnameNorm: 'mallory eve\u0002ann' })
      .execute();
    const store = await database.open();
    const found = async (q: string) => (await searchAccounts(store.db, { q }, new Date())).items.map((a) => a.login).sort();
    // "quell" starts one login and one surname (earlier buckets) and is inside the other two fields.
    expect(await found('quell')).toEqual(['greta.quellwasser@upgrade.example', 'q.x@upgrade.example', 'quellmann@upgrade.example']);
    expect(await found('ellwas')).toEqual(['greta.quellwasser@upgrade.example']);
    expect(await found('ann mal')).toEqual(['eve@upgrade.example']);

    const system = { actorType: 'system' as const, actorId: null, actorLabel: 'test' };
    await createAccount(
      store.db,
      { login: 'paul@upgrade.example', displayName: 'Paul Tiefquell', department: 'Sales' },
      system,
      new Date(),
    );
    expect(await found('efquel')).toEqual(['paul@upgrade.example']);
  });
});
