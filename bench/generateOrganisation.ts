/**
 * Generates a large organisation, for benchmarks and for trying the console at scale:
 *   npx tsx bench/generateOrganisation.ts --accounts 1000000 --data bench/results/org-1m
 * Writes to PostgreSQL instead of the SQLite file when MFA_DESK_DATABASE_URL is set. Accounts spread over
 * departments and domains with every MFA state; they share one password (hashed once: argon2 is meant
 * to be slow). The schema comes from the app's migrations; rows go in as multi-row inserts, one
 * transaction per batch, with the secondary indexes and the triggers of the two filled tables out of
 * the way: the tables the triggers keep (search table, report counters) are filled in bulk afterwards
 * with the migrations' own statements, the indexes rebuilt (sorting once beats a million random index
 * inserts) and the triggers put back as stored. A check then compares the counters with what was
 * generated and searches through the app's own search.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { parseFlags, loadConfig } from '../src-server/config.js';
import { accountRow } from '../src-server/domain/accounts/accounts.js';
import { nameSearchForms } from '../src-server/domain/accounts/loginAddress.js';
import { loginSkeleton } from '../src-server/domain/accounts/loginSkeleton.js';
import { iso } from '../src-server/domain/platform/clock.js';
import { hashPassword } from '../src-server/domain/credentials/passwords.js';
import { createSecretBox, type SecretBox } from '../src-server/domain/credentials/secretBox.js';
import { newTotpSecret } from '../src-server/domain/credentials/totp.js';
import { openStore, type Store } from '../src-server/store/openStore.js';
import { searchAccounts } from '../src-server/domain/accounts/search.js';
import { SQLITE_SEARCH_FILL } from '../src-server/store/accountSearchIndex.js';
import { REPORT_COUNTER_FILLS } from '../src-server/store/reportCounters.js';
import type { AccountsTable, TotpFactorsTable } from '../src-server/store/schema.js';

/** The password every generated account signs in with. */
export const GENERATED_PASSWORD = 'generated organisation password';

const FIRST = [
  'anna',
  'ben',
  'carla',
  'david',
  'elif',
  'farid',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kemal',
  'lena',
  'marco',
  'nora',
  'oskar',
  'priya',
  'rosa',
  'sven',
  'tara',
  'vera',
  'yuki',
  'zoe',
];
const LAST = [
  'schmidt',
  'okafor',
  'lindqvist',
  'moreau',
  'kowalski',
  'novak',
  'rossi',
  'haddad',
  'tanaka',
  'jensen',
  'garcia',
  'muller',
  'brennan',
  'dubois',
  'petrova',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Support', 'Operations', 'People', 'Legal', 'Marketing', 'Research', 'Procurement'];
const DOMAINS = ['northwind.example', 'northwind-labs.example', 'contoso.example', 'fabrikam.example', 'tailspin.example'];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

const ACCOUNT_COLUMNS = [
  'id',
  'login',
  'login_norm',
  'domain',
  'display_name',
  'name_norm',
  'surname_norm',
  'login_skeleton',
  'department',
  'password_hash',
  'mfa_state',
  'failed_attempts',
  'next_attempt_at',
  'locked_until',
  'created_at',
] as const;
const FACTOR_COLUMNS = [
  'id',
  'account_id',
  'secret_enc',
  'status',
  'created_at',
  'confirmed_at',
  'last_step',
  'last_used_at',
  'revoked_at',
] as const;
type Value = string | number | null;
const accountValues = (a: AccountsTable): Value[] => [
  a.id,
  a.login,
  a.loginNorm,
  a.domain,
  a.displayName,
  a.nameNorm,
  a.surnameNorm,
  a.loginSkeleton,
  a.department,
  a.passwordHash,
  a.mfaState,
  a.failedAttempts,
  a.nextAttemptAt,
  a.lockedUntil,
  a.createdAt,
];
const factorValues = (f: TotpFactorsTable): Value[] => [
  f.id,
  f.accountId,
  f.secretEnc,
  f.status,
  f.createdAt,
  f.confirmedAt,
  f.lastStep,
  f.lastUsedAt,
  f.revokedAt,
];

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
        db.exec(SQLITE_SEARCH_FILL);
        for (const fill of REPORT_COUNTER_FILLS) db.exec(fill);
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
      for (const fill of REPORT_COUNTER_FILLS) await first.query(fill);
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

/** A batch of generated rows, in insert order. */
interface OrganisationBatch {
  accounts: Value[][];
  factors: Value[][];
}

/** Account `i`'s names; its login is lower-case ASCII, so its own normal form (checked against the app once a batch). */
function generatedAccount(i: number) {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const domain = DOMAINS[i % DOMAINS.length]!;
  return { first, last, domain, login: `${first}.${last}.${i}@${domain}` };
}

/**
 * What the report counters must hold for the generated rows, counted in memory as the rows are made
 * (independently of the SQL that fills the counters after the load).
 */
export class OrganisationTally {
  readonly states = new Map<string, number>();
  readonly days = new Map<string, { created: number; confirmed: number; revoked: number }>();

  private day(at: string) {
    const key = at.slice(0, 10);
    let counts = this.days.get(key);
    if (!counts) this.days.set(key, (counts = { created: 0, confirmed: 0, revoked: 0 }));
    return counts;
  }

  account(row: AccountsTable) {
    const key = stateKey(row.department, row.domain, row.mfaState);
    this.states.set(key, (this.states.get(key) ?? 0) + 1);
    this.day(row.createdAt).created++;
  }

  factor(factor: TotpFactorsTable) {
    if (factor.confirmedAt === null) return;
    this.day(factor.confirmedAt).confirmed++;
    if (factor.revokedAt !== null) this.day(factor.revokedAt).revoked++;
  }
}

const stateKey = (department: string, domain: string, state: string) => `${department} / ${domain} / ${state}`;

/**
 * The rows of accounts `start` to `end - 1`; each account depends only on its index (and one hashed
 * password, one clock reading). Each row is counted in `tally`.
 */
export function organisationRows(
  start: number,
  end: number,
  passwordHash: string,
  box: SecretBox,
  nowMs: number,
  tally: OrganisationTally,
): OrganisationBatch {
  const accounts: Value[][] = [];
  const factors: Value[][] = [];
  const usedAt = iso(new Date(nowMs));
  const lockedUntil = iso(new Date(nowMs + 15 * 60_000));
  // What repeats is worked out once: a day's timestamp, a name's search forms.
  const days = new Map<number, string>();
  const names = new Map<string, { nameNorm: string; surnameNorm: string }>();
  for (let i = start; i < end; i++) {
    const { first, last, domain, login } = generatedAccount(i);
    const day = i % 400;
    let created = days.get(day);
    if (created === undefined) days.set(day, (created = iso(new Date(nowMs - day * 86_400_000))));
    const displayName = `${cap(first)} ${cap(last)}`;
    let forms = names.get(displayName);
    if (!forms) names.set(displayName, (forms = nameSearchForms(displayName)));
    const row: AccountsTable = {
      id: randomUUID(),
      login,
      loginNorm: login,
      domain,
      loginSkeleton: loginSkeleton(login),
      displayName,
      ...forms,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      locale: 'en',
      passwordHash,
      mfaState: 'off',
      failedAttempts: 0,
      nextAttemptAt: null,
      lockedUntil: null,
      createdAt: created,
    };
    if (i === start) {
      const app = accountRow({ login, displayName, department: row.department }, passwordHash, new Date(created));
      for (const key of ['loginNorm', 'domain', 'loginSkeleton', 'nameNorm', 'surnameNorm', 'createdAt'] as const)
        if (app[key] !== row[key]) throw new Error(`The generator's ${key} differs from the app's: ${row[key]} ≠ ${app[key]}`);
    }
    const roll = (i * 7919) % 100;
    if (roll < 70) {
      row.mfaState = 'on';
      const id = randomUUID();
      const factor: TotpFactorsTable = {
        id,
        accountId: row.id,
        secretEnc: box.seal(newTotpSecret(), id),
        status: 'active',
        createdAt: created,
        confirmedAt: created,
        lastStep: null,
        lastUsedAt: usedAt,
        revokedAt: null,
      };
      tally.factor(factor);
      factors.push(factorValues(factor));
      if (roll < 2) {
        row.failedAttempts = 10;
        row.lockedUntil = lockedUntil;
      }
    } else if (roll < 76) row.mfaState = 'pending';
    tally.account(row);
    accounts.push(accountValues(row));
  }
  return { accounts, factors };
}

/**
 * The tables the load left to bulk fills hold what the app's triggers would have written: the report
 * counters match the tally row for row, SQLite's search table has one entry per account, and the app's
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
  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{ n: number }>`select count(*) as n from accounts_search`.execute(store.db);
    if (rows[0]?.n !== count) throw differs(`search table (${rows[0]?.n} entries for ${count} accounts)`);
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
  // The app's migrations make the schema; then the rows go in outside Kysely, in bulk.
  const store = await openStore(config);
  const existing = await store.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await store.close();
  if (Number(existing.n) > 0) throw new Error(`The organisation already holds ${existing.n} accounts: generate into an empty one.`);
  const sink = config.databaseUrl ? await postgresSink(config.databaseUrl) : sqliteSink(path.join(config.dataDir, 'mfa-desk.sqlite'));
  const box = createSecretBox(config.encryptionKey);
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  const nowMs = Date.now();
  const tally = new OrganisationTally();
  // Up to two batches are being written while the next is made.
  const writing: Promise<void>[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const batch = organisationRows(start, Math.min(count, start + BATCH), passwordHash, box, nowMs, tally);
    writing.push(sink.write(batch.accounts, batch.factors));
    if (writing.length >= 2) await writing.shift();
    if (Math.floor((start + BATCH) / 100_000) > Math.floor(start / 100_000)) log(`${Math.min(count, start + BATCH)} accounts`);
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
  const started = Date.now();
  await generateOrganisation(data, count, (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${line}`));
  console.log(`Generated ${count} accounts in ${data} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
