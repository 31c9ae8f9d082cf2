/**
 * The benchmark's organisation generator (bench/generateOrganisation.ts) loads with the triggers and
 * secondary indexes of accounts and factors out of the way and fills what they keep in bulk: the result
 * must be the database the app would have made row by row — same schema, triggers live again, counters
 * and search table complete — and its own check must catch a counter or search entry that is not. On
 * SQLite and, under test:postgres, PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { checkOrganisation, generateOrganisation } from '../../../bench/generateOrganisation.js';
import { createAccount } from '../../../src-server/domain/accounts/accounts.js';
import { searchAccounts } from '../../../src-server/domain/accounts/search.js';
import { openStore, type Db, type Store } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase } from '../../support/backend.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh organisation: a SQLite folder, or a PostgreSQL database under test:postgres. */
async function freshOrganisation() {
  const postgres = await freshPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-generated-'));
  cleanups.push(async () => {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = postgres ? { MFA_DESK_DATABASE_URL: postgres.url } : {};
  const open = async () => {
    const store = await openStore({ dataDir, databaseUrl: postgres?.url });
    cleanups.unshift(() => store.close());
    return store;
  };
  return { dataDir, env, open };
}

/** Indexes and triggers as the database lists them (PostgreSQL's internal ones by count: their names carry oids). */
async function schemaOf(store: Store): Promise<string[]> {
  if (store.dialect === 'postgres') {
    const { rows: indexes } = await sql<{ d: string }>`select indexdef as d from pg_indexes where schemaname = current_schema()`.execute(
      store.db,
    );
    const { rows: triggers } = await sql<{ d: string }>`select tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text as d
      from pg_trigger where not tgisinternal`.execute(store.db);
    const { rows: internal } = await sql<{ d: string }>`select count(*)::text as d from pg_trigger where tgisinternal`.execute(store.db);
    return [...indexes, ...triggers, ...internal].map((r) => r.d).sort();
  }
  const { rows } = await sql<{ d: string }>`select type || ' ' || name || ' ' || coalesce(sql, '') as d from sqlite_master
    where name not like 'sqlite_stat%'`.execute(store.db);
  return rows.map((r) => r.d).sort();
}

const stateCount = async (db: Db, department: string, domain: string, mfaState: string) =>
  Number(
    (
      await db
        .selectFrom('accountStateCounts')
        .select('n')
        .where('department', '=', department)
        .where('domain', '=', domain)
        .where('mfaState', '=', mfaState)
        .executeTakeFirst()
    )?.n ?? 0,
  );

const system = { actorType: 'system' as const, actorId: null, actorLabel: 'test' };

describe('a generated organisation', () => {
  it('is the database the app would have made: same schema, complete counters and search, triggers live again', async () => {
    const reference = await freshOrganisation();
    const expected = await schemaOf(await reference.open());
    const organisation = await freshOrganisation();
    const tally = await generateOrganisation(organisation.dataDir, 3000, () => {}, organisation.env);
    const store = await organisation.open();
    expect(await schemaOf(store)).toEqual(expected);
    expect([...tally.states.values()].reduce((a, b) => a + b)).toBe(3000);
    // Counters: as a recount from the rows says (the store camel-cases result columns).
    const { rows: recount } = await sql<{ department: string; domain: string; mfaState: string; n: number }>`
      select department, domain, mfa_state, count(*) as n from accounts group by department, domain, mfa_state`.execute(store.db);
    for (const row of recount) expect(await stateCount(store.db, row.department, row.domain, row.mfaState)).toBe(Number(row.n));
    // A substring search goes through the bulk-filled search table (SQLite) or rebuilt trigram index (PostgreSQL).
    const found = await searchAccounts(store.db, { q: 'okafor.1350' }, new Date());
    expect(found.items.map((a) => a.login)).toEqual([expect.stringMatching(/^[a-z]+\.okafor\.1350@/)]);
    // The triggers are back: a new account is counted and found like any other.
    const before = await stateCount(store.db, 'Sales', 'northwind.example', 'off');
    await createAccount(
      store.db,
      { login: 'Zelda.Quixote@northwind.example', displayName: 'Zelda Quixote', department: 'Sales' },
      system,
      new Date(),
    );
    expect(await stateCount(store.db, 'Sales', 'northwind.example', 'off')).toBe(before + 1);
    expect((await searchAccounts(store.db, { q: 'quixot' }, new Date())).items.map((a) => a.login)).toEqual([
      'Zelda.Quixote@northwind.example',
    ]);
  });

  it('is refused on a database that has accounts, and its check catches a counter or search entry the load got wrong', async () => {
    const organisation = await freshOrganisation();
    const tally = await generateOrganisation(organisation.dataDir, 200, () => {}, organisation.env);
    await expect(generateOrganisation(organisation.dataDir, 10, () => {}, organisation.env)).rejects.toThrow(
      'The organisation already holds 200 accounts',
    );
    const store = await organisation.open();
    await checkOrganisation(store, 200, tally);
    const row = await store.db.selectFrom('accounts').select('id').orderBy('loginNorm').executeTakeFirstOrThrow();
    if (store.dialect === 'sqlite') {
      // One account missing from the search table: counted, and no longer found by its substring.
      await sql`delete from accounts_search where rowid = (select rowid from accounts where id = ${row.id})`.execute(store.db);
      await expect(checkOrganisation(store, 200, tally)).rejects.toThrow('search table accounts_search (199 entries for 200 accounts)');
    }
    await sql`update daily_mfa_changes set created = created + 1 where day = (select min(day) from daily_mfa_changes)`.execute(store.db);
    await expect(checkOrganisation(store, 200, tally)).rejects.toThrow('daily_mfa_changes');
    await sql`update account_state_counts set n = n + 1 where department = 'Sales'`.execute(store.db);
    await expect(checkOrganisation(store, 200, tally)).rejects.toThrow('account_state_counts');
  });
});
