/**
 * Migration 0017's look-alike skeleton backfill over a large accounts table (default 1,000,000,
 * BENCH_ACCOUNTS to change), on SQLite and, when `postgres` is installed, a throwaway PostgreSQL:
 * migrates to 0016, inserts the accounts in SQL, then times migrating to 0017 (through the store's
 * CamelCasePlugin, as openStore runs migrations).
 *   npx tsx bench/skeletonBackfill.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { startThrowawayPostgres } from '../scripts/throwawayPostgres.mjs';
import { migrationProvider, type Dialect } from '../src-server/store/migrations.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);

/** Accounts with varied logins (some with look-alike characters), written by the database itself. */
const insertAccounts = (n: number) => sql`insert into accounts
  (id, login, login_norm, domain, display_name, name_norm, surname_norm, department, created_at)
  with recursive i(k) as (select 1 union all select k + 1 from i where k < ${n})
  select 'acc-' || k, 'user' || k || '@desk.example', 'user' || k || case when k % 7 = 0 then '.rn' else '' end || '@desk.example',
    'desk.example', 'User ' || k, 'user ' || k, 'user', 'dept-' || (k % 20), '2026-01-01T00:00:00.000Z' from i`;

async function measure(dialect: Dialect, db: Kysely<unknown>) {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const before = await migrator.migrateTo('0016_report_counters');
  if (before.error) throw before.error;
  // The report counters' triggers are not what is measured: PostgreSQL seeds without them (SQLite cannot turn them off).
  if (dialect === 'postgres') await sql`alter table accounts disable trigger user`.execute(db);
  await insertAccounts(count).execute(db);
  if (dialect === 'postgres') await sql`alter table accounts enable trigger user`.execute(db);
  const start = process.hrtime.bigint();
  const after = await migrator.migrateTo('0017_mailbox_intake');
  if (after.error) throw after.error;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const missing = await sql<{ n: number }>`select count(*) as n from accounts where login_skeleton is null`.execute(db);
  console.log(
    `${dialect.padEnd(8)} 0017 over ${count} accounts: ${(ms / 1000).toFixed(1)} s (accounts without a skeleton: ${missing.rows[0]?.n})`,
  );
}

const dir = mkdtempSync(path.join(tmpdir(), 'skeleton-backfill-'));
const connection = new SqliteDatabase(path.join(dir, 'bench.sqlite'));
connection.pragma('journal_mode = WAL');
const sqlite = new Kysely<unknown>({ dialect: new SqliteDialect({ database: connection }), plugins: [new CamelCasePlugin()] });
await measure('sqlite', sqlite);
await sqlite.destroy();
rmSync(dir, { recursive: true, force: true });

const postgres = await startThrowawayPostgres();
if (!postgres) console.log('postgres: not installed, skipped');
else {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: postgres.url }) }),
    plugins: [new CamelCasePlugin()],
  });
  try {
    await measure('postgres', db);
  } finally {
    await db.destroy();
    postgres.stop();
  }
}
