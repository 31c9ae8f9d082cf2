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
import { postgresChangeSignals, sqliteChangeSignals, type ChangeSignals } from './changeSignals.js';
import { migrationProvider, type Dialect } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
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

export async function openStore(options: StoreOptions): Promise<Store> {
  const plugins = [new CamelCasePlugin()];
  let db: Db;
  let dialect: Dialect;
  let signals: ChangeSignals;
  if (options.databaseUrl) {
    dialect = 'postgres';
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 10 }) }),
      plugins,
    });
    signals = postgresChangeSignals(db, options.databaseUrl);
  } else {
    dialect = 'sqlite';
    const filePath = path.resolve(options.dataDir, 'mfa-desk.sqlite');
    const file = new SqliteDatabase(filePath);
    signals = sqliteChangeSignals(filePath);
    // WAL lets readers run beside the one writer. Durability model: every commit is flushed (FULL), so
    // whatever the desk acknowledged (a disable, a reset, a decision, their audit events, a code accepted
    // once) survives a power cut. Per-attempt counters share those transactions (a code's replay guard
    // and its throttle are one commit), so they are not given cheaper commits: one flush per verification.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }), plugins });
  }
  const error = dialect === 'sqlite' ? await migrateSqliteAlone(db) : await migrate(db, dialect);
  if (error) {
    await signals.close();
    await db.destroy();
    throw new Error(`Database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    db,
    dialect,
    signals,
    async close() {
      await signals.close();
      await db.destroy();
    },
  };
}

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
