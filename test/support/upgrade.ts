/**
 * A database as an older release left it, for the tests of a migration on existing data: migrated up to
 * (not including) the migration named, on SQLite in a temporary folder or, under test:postgres, on a
 * fresh PostgreSQL database. The test fills it through `old`, closes it, then opens it as the app does
 * (`open`, which runs the remaining migrations). `drop` removes it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { migrationProvider } from '../../src-server/store/migrations.js';
import { openStore, type Store } from '../../src-server/store/openStore.js';
import type { Database } from '../../src-server/store/schema.js';
import { freshPostgresDatabase } from './backend.js';

export interface OlderDatabase {
  old: Kysely<Database>;
  /** Opens it as the app does, running the migrations from the one named on. */
  open(): Promise<Store>;
  drop(): Promise<void>;
}

export async function databaseBefore(migration: string): Promise<OlderDatabase> {
  const postgres = await freshPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-upgrade-'));
  const old = new Kysely<Database>({
    dialect: postgres
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: postgres.url, max: 2 }) })
      : new SqliteDialect({ database: new SqliteDatabase(path.join(dataDir, 'mfa-desk.sqlite')) }),
    plugins: [new CamelCasePlugin()],
  });
  const stores: Store[] = [];
  let closed = false;
  const closeOld = async () => {
    if (!closed) await old.destroy();
    closed = true;
  };
  const removeAll = async () => {
    for (const store of stores) await store.close();
    await closeOld();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const all = await migrationProvider(postgres ? 'postgres' : 'sqlite').getMigrations();
  const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < migration));
  // A name that matches no migration would keep them all, and the test would never run the one it is about.
  const known = Object.keys(all).some((name) => name.startsWith(`${migration}_`));
  const migrated = known ? await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest() : null;
  if (!migrated || migrated.error) {
    await removeAll();
    throw migrated?.error ?? new Error(`No migration ${migration}.`);
  }
  return {
    old,
    async open() {
      await closeOld();
      const store = await openStore({ dataDir, databaseUrl: postgres?.url });
      stores.push(store);
      return store;
    },
    drop: removeAll,
  };
}
