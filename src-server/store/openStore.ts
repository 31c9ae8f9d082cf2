/**
 * Opens the database behind the backend: an embedded SQLite file by default, PostgreSQL when a
 * `postgres://` URL is configured. Migrations run at start. This is the only file that knows which
 * engine is underneath; everything else speaks Kysely.
 *
 * Several instances may start at once on one database, so migrating holds a lock for the whole run:
 * on PostgreSQL Kysely's Migrator takes an advisory lock; on SQLite it takes none (it cannot run DDL in
 * a transaction for us), so the run is wrapped in BEGIN IMMEDIATE here, which makes it the database's
 * one writer: a second process waits, then finds the migrations done. It also makes a failed run leave
 * nothing half-applied.
 */
import path from 'node:path';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { AuditAppendCount } from './auditAppendCount.js';
import { postgresChangeSignals, sqliteChangeSignals, type ChangeSignals } from './changeSignals.js';
import { migrationProvider, type Dialect } from './migrations.js';
import { SqliteWorkerDialect } from './sqliteWorkers.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** How many audit events this process has recorded through this store (see auditAppendCount.ts). */
  auditAppends(): number;
  /** Wakes waiters when a row they watch changes (see changeSignals.ts). */
  signals: ChangeSignals;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Folder for the SQLite file; ignored with a database URL. */
  dataDir: string;
  /** `postgres://…` to run on PostgreSQL instead of the embedded SQLite file. */
  databaseUrl?: string | undefined;
}

/**
 * WAL lets readers run beside the one writer. `synchronous = FULL` holds for the migrations here; the
 * server's writer thread then flushes each commit itself, except the cheap ones of per-attempt
 * bookkeeping (the durability model: commitDurability.ts, sqliteWorkers.ts).
 */
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'];
/** Reader threads beside the writer: enough that a slow read never leaves the others waiting on a small machine. */
const SQLITE_READERS = 3;

export async function openStore(options: StoreOptions): Promise<Store> {
  const appends = new AuditAppendCount();
  if (!options.databaseUrl) return openSqlite(path.resolve(options.dataDir, 'mfa-desk.sqlite'), appends);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 10, types: postgresTypes() }) }),
    plugins: [new CamelCasePlugin(), appends],
  });
  const error = await migrate(db, 'postgres');
  if (error) {
    await db.destroy();
    throw migrationFailed(error);
  }
  return withSignals(db, 'postgres', appends, postgresChangeSignals(db, options.databaseUrl));
}

/**
 * Migrations run first on a connection of this thread, as the database's one writer (below); then the
 * server's statements run in worker threads (sqliteWorkers.ts), off the event loop.
 */
async function openSqlite(file: string, appends: AuditAppendCount): Promise<Store> {
  const connection = new SqliteDatabase(file);
  for (const pragma of SQLITE_PRAGMAS) connection.pragma(pragma);
  const migrating = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }), plugins: [new CamelCasePlugin()] });
  const error = await migrateSqliteAlone(migrating);
  await migrating.destroy();
  if (error) throw migrationFailed(error);
  const db = new Kysely<Database>({
    dialect: new SqliteWorkerDialect({ file, pragmas: SQLITE_PRAGMAS, readers: SQLITE_READERS }),
    plugins: [new CamelCasePlugin(), appends],
  });
  // Start the workers now (a bad file fails here, at start), and so that a store closed before its
  // first query does not start them later.
  await sql`select 1`.execute(db);
  return withSignals(db, 'sqlite', appends, sqliteChangeSignals(file));
}

function withSignals(db: Db, dialect: Dialect, appends: AuditAppendCount, signals: ChangeSignals): Store {
  return {
    db,
    dialect,
    auditAppends: () => appends.count,
    signals,
    async close() {
      await signals.close();
      await db.destroy();
    },
  };
}

/**
 * PostgreSQL answers 64-bit integers (bigserial `seq`, count(), sum(), max() of them) as strings; they are
 * read as numbers here, as SQLite gives them, so the schema's `number` holds on both engines. Sequence
 * numbers and counts stay far below 2^53.
 */
function postgresTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, Number);
  return types;
}

const migrationFailed = (error: unknown) =>
  new Error(`Database migration failed: ${error instanceof Error ? error.message : String(error)}`);

async function migrate(db: Db, dialect: Dialect): Promise<unknown> {
  const { error } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateToLatest();
  return error;
}

/** Migrates SQLite as the one writer; another instance migrating waits up to a minute for it. */
async function migrateSqliteAlone(db: Db): Promise<unknown> {
  return db.connection().execute(async (connection) => {
    await sql`pragma busy_timeout = 60000`.execute(connection);
    await sql`begin immediate`.execute(connection);
    await sql`pragma busy_timeout = 5000`.execute(connection);
    const error = await migrate(connection, 'sqlite');
    await sql.raw(error ? 'rollback' : 'commit').execute(connection);
    return error;
  });
}
