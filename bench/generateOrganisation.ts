/**
 * Generates a large organisation, for benchmarks and for trying the console at scale:
 *   npx tsx bench/generateOrganisation.ts --accounts 1000000 --data bench/results/org-1m
 * Writes to PostgreSQL instead of the SQLite file when MFA_DESK_DATABASE_URL is set. Accounts spread over
 * departments and domains with every MFA state; they share one password (hashed once: argon2 is meant
 * to be slow). The schema comes from the app's migrations; a worker thread makes the rows
 * (organisationRows.ts) while this one writes them as multi-row inserts, one transaction per batch,
 * with the secondary indexes and the triggers of the two filled tables out of the way: the tables the
 * triggers keep (search table, report counters) are filled in bulk afterwards with the migrations' own
 * statements, the indexes rebuilt (sorting once beats a million random index inserts) and the triggers
 * put back as stored. A check then compares the counters with what was
 * generated and searches through the app's own search.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { parseFlags, loadConfig, type ServerConfig } from '../src-server/config.js';
import { hashPassword } from '../src-server/domain/credentials/passwords.js';
import { openStore, type Store } from '../src-server/store/openStore.js';
import { searchAccounts } from '../src-server/domain/accounts/search.js';
import { iso } from '../src-server/domain/platform/clock.js';
import { SQLITE_SEARCH_FILLS } from '../src-server/store/accountSearchIndex.js';
import { COUNTER_FILLS } from '../src-server/store/accountLockCounts.js';
import { lockedAccountTotal } from '../src-server/domain/report/lockedAccounts.js';
import {
  ACCOUNT_COLUMNS,
  FACTOR_COLUMNS,
  generatedAccount,
  OrganisationTally,
  stateKey,
  type OrganisationBatch,
  type Value,
} from './organisationRows.js';
import type { RowsWorkerData } from './organisationRowsWorker.js';

/** The password every generated account signs in with. */
export const GENERATED_PASSWORD = 'generated organisation password';

/** Where the rows go: a batch of accounts and factors per call, in one transaction. */
interface Sink {
  /** Resolves once the batch is committed; the next may be made (and handed over) meanwhile. */
  write(accounts: Value[][], factors: Value[][]): Promise<void>;
  /** Fills what the load left out (derived tables, indexes), then puts every trigger back. */
  finish(log: (line: string) => void): Promise<void>;
}

const ROWS_PER_STATEMENT = 500;

function insertSql(table: string, columns: readonly string[], rows: number) {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/**
 * SQLite: the indexes and triggers of the two filled tables are dropped during the load and put back
 * afterwards from their own stored definitions (so exactly as the migrations made them); the tables
 * their triggers keep (the search table, the report counters) are filled in one statement each, with
 * the migrations' own fills. No journal and no flush while loading: a half-made file is thrown away.
 */
function sqliteSink(file: string): Sink {
  const db = new SqliteDatabase(file);
  // journal_mode = OFF is refused in defensive mode, which better-sqlite3 turns on.
  db.unsafeMode(true);
  db.pragma('journal_mode = OFF');
  db.unsafeMode(false);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  db.pragma('temp_store = MEMORY');
  const derived = db
    .prepare<[], { type: 'index' | 'trigger'; name: string; sql: string }>(
      `select type, name, sql from sqlite_master
        where type in ('index', 'trigger') and sql is not null and tbl_name in ('accounts', 'totp_factors')`,
    )
    .all();
  for (const { type, name } of derived) db.exec(`drop ${type} ${name}`);
  const statements = new Map<string, SqliteDatabase.Statement>();
  const insert = (table: string, columns: readonly string[], rows: Value[][]) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const key = `${table}:${chunk.length}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(insertSql(table, columns, chunk.length));
        statements.set(key, statement);
      }
      statement.run(chunk.flat());
    }
  };
  const batch = db.transaction((accounts: Value[][], factors: Value[][]) => {
    insert('accounts', ACCOUNT_COLUMNS, accounts);
    insert('totp_factors', FACTOR_COLUMNS, factors);
  });
  return {
    async write(accounts, factors) {
      batch(accounts, factors);
    },
    async finish(log) {
      log('filling the search table and report counters');
      db.transaction(() => {
        for (const fill of SQLITE_SEARCH_FILLS) db.exec(fill);
        for (const fill of COUNTER_FILLS) db.exec(fill);
      })();
      log('rebuilding indexes, restoring triggers');
      db.transaction(() => {
        for (const { sql } of derived) db.exec(sql);
      })();
      db.exec('analyze');
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

/** PostgreSQL connections the load and the index builds are spread over (one batch or index each at a time). */
const POSTGRES_CONNECTIONS = 2;

/**
 * PostgreSQL: rows go in as one `unnest` of column arrays per table and batch, over two connections (so
 * the server inserts one batch while this process makes the next), with triggers (the report counters'
 * and the foreign keys') off for those sessions and the secondary indexes dropped; then the counters are
 * filled with the migration's fills and the indexes rebuilt from their definitions, two at a time, the
 * trigram index first (it takes longest). `session_replication_role` needs a superuser (or SET granted on it).
 */
async function postgresSink(url: string): Promise<Sink> {
  const clients = await Promise.all(
    Array.from({ length: POSTGRES_CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('set synchronous_commit = off');
      await client.query('set session_replication_role = replica');
      await client.query("set maintenance_work_mem = '512MB'");
      return client;
    }),
  );
  const [first] = clients;
  if (!first) throw new Error('No PostgreSQL connection.');
  const { rows: indexes } = await first.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in ('accounts', 'totp_factors')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by i.indexdef like '% USING gin %' desc, i.indexname`,
  );
  for (const index of indexes) await first.query(`drop index ${index.indexname}`);
  const unnestSql = async (table: string, columns: readonly string[]) => {
    const { rows } = await first.query<{ name: string; type: string }>(
      `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
        where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
      [table],
    );
    const types = new Map(rows.map((r) => [r.name, r.type]));
    const arrays = columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`);
    return `insert into ${table} (${columns.join(', ')}) select * from unnest(${arrays.join(', ')})`;
  };
  const insertAccounts = await unnestSql('accounts', ACCOUNT_COLUMNS);
  const insertFactors = await unnestSql('totp_factors', FACTOR_COLUMNS);
  const columnsOf = (rows: Value[][], width: number) => Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
  // Each connection runs its batches one after another; batches go to the connections in turn.
  const queues = clients.map(() => Promise.resolve());
  let turn = 0;
  return {
    write(accounts, factors) {
      const i = turn++ % clients.length;
      const client = clients[i]!;
      const written = queues[i]!.then(async () => {
        await client.query('begin');
        await client.query({ name: 'accounts', text: insertAccounts, values: columnsOf(accounts, ACCOUNT_COLUMNS.length) });
        await client.query({ name: 'totp_factors', text: insertFactors, values: columnsOf(factors, FACTOR_COLUMNS.length) });
        await client.query('commit');
      });
      queues[i] = written;
      return written;
    },
    async finish(log) {
      await Promise.all(queues);
      for (const client of clients) await client.query('set session_replication_role = origin');
      log('filling the report counters');
      for (const fill of COUNTER_FILLS) await first.query(fill);
      log('rebuilding indexes');
      const waiting = [...indexes];
      await Promise.all(
        clients.map(async (client) => {
          for (let index = waiting.shift(); index; index = waiting.shift()) await client.query(index.indexdef);
        }),
      );
      await first.query('analyze accounts');
      await first.query('analyze totp_factors');
      for (const client of clients) await client.end();
    },
  };
}

/**
 * The tables the load left to bulk fills hold what the app's triggers would have written: the report
 * counters match the tally row for row, the lock counters count the accounts locked now, SQLite's search table has one entry per account, and the app's
 * own search finds accounts by a substring of their login through it (on PostgreSQL, through the
 * rebuilt trigram index).
 */
export async function checkOrganisation(store: Store, count: number, tally: OrganisationTally) {
  const differs = (what: string) => new Error(`The generated ${what} differs from what the app would have written`);
  const states = await store.db.selectFrom('accountStateCounts').selectAll().execute();
  if (
    states.length !== tally.states.size ||
    states.some((r) => tally.states.get(stateKey(r.department, r.domain, r.mfaState)) !== Number(r.n))
  )
    throw differs('account_state_counts');
  const days = await store.db.selectFrom('dailyMfaChanges').selectAll().execute();
  const same = (r: (typeof days)[number]) => {
    const want = tally.days.get(r.day);
    return want?.created === Number(r.created) && want.confirmed === Number(r.confirmed) && want.revoked === Number(r.revoked);
  };
  if (days.length !== tally.days.size || !days.every(same)) throw differs('daily_mfa_changes');
  const now = new Date();
  const locked = await store.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lockedUntil', '>', iso(now))
    .executeTakeFirstOrThrow();
  if ((await lockedAccountTotal(store.db, now)) !== Number(locked.n)) throw differs('account_lock_counts');
  if (store.dialect === 'sqlite') {
    for (const table of ['accounts_search', 'accounts_search_inner']) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
      if (rows[0]?.n !== count) throw differs(`search table ${table} (${rows[0]?.n} entries for ${count} accounts)`);
    }
  }
  // Account i is the only one whose login contains "<surname>.<i>" when no other index starts with i's digits.
  const samples = new Set(
    [count - 1, Math.floor(count / 2), Math.ceil(count / 10)].filter((i) => i >= 0 && i < count && (i === 0 || i * 10 >= count)),
  );
  for (const i of samples) {
    const { last, login } = generatedAccount(i);
    const page = await searchAccounts(store.db, { q: `${last}.${i}` }, new Date());
    if (page.items.length !== 1 || page.items[0]?.login !== login) throw differs(`search for "${last}.${i}" (${page.items.length} found)`);
  }
}

const BATCH = 10_000;

/**
 * Batches of rows made in a worker thread (organisationRowsWorker.ts), answered in the order asked. The
 * worker loads TypeScript through tsx's loader, which it registers itself (a worker does not inherit it).
 */
function rowsWorker(data: RowsWorkerData) {
  const loader = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./organisationRowsWorker.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    {
      eval: true,
      workerData: data,
    },
  );
  type Made = { batch: OrganisationBatch; states: OrganisationTally['states']; days: OrganisationTally['days'] };
  const asked: { resolve: (made: Made) => void; reject: (error: unknown) => void }[] = [];
  worker.on('message', (made: Made) => asked.shift()?.resolve(made));
  worker.on('error', (error) => {
    for (const waiting of asked.splice(0)) waiting.reject(error);
  });
  return {
    make(start: number, end: number) {
      return new Promise<Made>((resolve, reject) => {
        asked.push({ resolve, reject });
        worker.postMessage({ start, end });
      });
    },
    close: () => worker.terminate(),
  };
}

/** How many accounts the configured database holds (opening it runs the migrations). */
export async function organisationSize(config: ServerConfig): Promise<number> {
  const store = await openStore(config);
  try {
    const have = await store.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(have.n);
  } finally {
    await store.close();
  }
}

/**
 * For a bench: generates `count` accounts into the configured database (SQLite under `dataDir`, or
 * MFA_DESK_DATABASE_URL's) unless it holds them already, so one organisation serves every run.
 */
export async function organisationOnce(dataDir: string, count: number, log: (line: string) => void = console.log): Promise<void> {
  const have = await organisationSize(loadConfig({ data: dataDir }, process.env));
  if (have >= count) return;
  if (have > 0) throw new Error(`The database holds ${have} accounts, fewer than ${count}: use an empty one.`);
  log(`Generating ${count} accounts (once)…`);
  const started = Date.now();
  await generateOrganisation(dataDir, count, (line) => log(`  ${line}`));
  log(`  generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Generates `count` accounts into an empty organisation (the SQLite file in `dataDir`, or the database
 * MFA_DESK_DATABASE_URL names in `env`), checks it, and returns what it counted.
 */
export async function generateOrganisation(
  dataDir: string,
  count: number,
  log: (line: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<OrganisationTally> {
  const config = loadConfig({ data: dataDir }, env);
  // The app's migrations make the schema (opening the store); then the rows go in outside Kysely, in bulk.
  const existing = await organisationSize(config);
  if (existing > 0) throw new Error(`The organisation already holds ${existing} accounts: generate into an empty one.`);
  const sink = config.databaseUrl ? await postgresSink(config.databaseUrl) : sqliteSink(path.join(config.dataDir, 'mfa-desk.sqlite'));
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  const rows = rowsWorker({ passwordHash, encryptionKey: config.encryptionKey, nowMs: Date.now() });
  const tally = new OrganisationTally();
  // The worker makes the next batch while this thread writes the last; up to two batches are being written.
  const writing: Promise<void>[] = [];
  try {
    let coming = rows.make(0, Math.min(count, BATCH));
    for (let start = 0; start < count; start += BATCH) {
      const made = await coming;
      if (start + BATCH < count) coming = rows.make(start + BATCH, Math.min(count, start + 2 * BATCH));
      tally.add(made);
      writing.push(sink.write(made.batch.accounts, made.batch.factors));
      if (writing.length >= 2) await writing.shift();
      if (Math.floor((start + BATCH) / 100_000) > Math.floor(start / 100_000)) log(`${Math.min(count, start + BATCH)} accounts`);
    }
  } finally {
    await rows.close();
  }
  await Promise.all(writing);
  await sink.finish(log);
  log('checking');
  const check = await openStore(config);
  try {
    await checkOrganisation(check, count, tally);
  } finally {
    await check.close();
  }
  return tally;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { flags } = parseFlags(process.argv.slice(2));
  const count = Number(flags['accounts'] ?? 100_000);
  const data = String(flags['data'] ?? `bench/results/org-${count}`);
  // Wall time moves with the machine's load; CPU time (both threads) much less.
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s, CPU ${(process.cpuUsage().user / 1e6).toFixed(1)} s`;
  await generateOrganisation(data, count, (line) => console.log(`${at()}  ${line}`));
  console.log(
    `Generated ${count} accounts in ${data}: ${at()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (target: 1M in ≤ 60 s)`,
  );
}
