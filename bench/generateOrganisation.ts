/**
 * Generates a large organisation, for benchmarks and for trying the console at scale:
 *   npx tsx bench/generateOrganisation.ts --accounts 1000000 --data bench/results/org-1m
 * Writes to PostgreSQL instead of the SQLite file when MFA_DESK_DATABASE_URL is set. Accounts spread over
 * departments and domains with every MFA state; they share one password (hashed once: argon2 is meant
 * to be slow). The schema comes from the app's migrations; rows go in as multi-row prepared inserts, one
 * transaction per batch, with the secondary indexes of the two filled tables dropped during the load and
 * rebuilt from their own definitions afterwards (sorting once beats a million random index inserts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { parseFlags, loadConfig } from '../src-server/config.js';
import { accountRow } from '../src-server/domain/accounts/accounts.js';
import { nameSearchForms } from '../src-server/domain/accounts/loginAddress.js';
import { iso } from '../src-server/domain/platform/clock.js';
import { hashPassword } from '../src-server/domain/credentials/passwords.js';
import { createSecretBox, type SecretBox } from '../src-server/domain/credentials/secretBox.js';
import { newTotpSecret } from '../src-server/domain/credentials/totp.js';
import { openStore } from '../src-server/store/openStore.js';
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
  write(accounts: Value[][], factors: Value[][]): Promise<void>;
  finish(): Promise<void>;
}

const ROWS_PER_STATEMENT = 500;

function insertSql(table: string, columns: readonly string[], rows: number, placeholder: (n: number) => string) {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map((_, c) => placeholder(r * columns.length + c + 1)).join(', ')})`);
  return `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
}

function sqliteSink(file: string): Sink {
  const db = new SqliteDatabase(file);
  // A generated file has nothing to lose: no flush per batch, a large page cache for the index builds.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  db.pragma('temp_store = MEMORY');
  const indexes = db
    .prepare<[], { sql: string; name: string }>(
      "select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('accounts', 'totp_factors')",
    )
    .all();
  for (const index of indexes) db.exec(`drop index ${index.name}`);
  const statements = new Map<string, SqliteDatabase.Statement>();
  const insert = (table: string, columns: readonly string[], rows: Value[][]) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const key = `${table}:${chunk.length}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(insertSql(table, columns, chunk.length, () => '?'));
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
    async finish() {
      for (const index of indexes) db.exec(index.sql);
      db.exec('analyze');
      db.close();
    },
  };
}

async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in ('accounts', 'totp_factors')
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of indexes) await client.query(`drop index ${index.indexname}`);
  const insert = async (table: string, columns: readonly string[], rows: Value[][]) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      await client.query({
        name: `${table}-${chunk.length}`,
        text: insertSql(table, columns, chunk.length, (n) => `$${n}`),
        values: chunk.flat(),
      });
    }
  };
  return {
    async write(accounts, factors) {
      await client.query('begin');
      await insert('accounts', ACCOUNT_COLUMNS, accounts);
      await insert('totp_factors', FACTOR_COLUMNS, factors);
      await client.query('commit');
    },
    async finish() {
      await client.query("set maintenance_work_mem = '512MB'");
      for (const index of indexes) await client.query(index.indexdef);
      await client.query('analyze accounts');
      await client.query('analyze totp_factors');
      await client.end();
    },
  };
}

/** A batch of generated rows, in insert order. */
interface OrganisationBatch {
  accounts: Value[][];
  factors: Value[][];
}

/**
 * The rows of accounts `start` to `end - 1`; each account depends only on its index (and one hashed
 * password, one clock reading).
 */
export function organisationRows(start: number, end: number, passwordHash: string, box: SecretBox, nowMs: number): OrganisationBatch {
  const accounts: Value[][] = [];
  const factors: Value[][] = [];
  const usedAt = iso(new Date(nowMs));
  const lockedUntil = iso(new Date(nowMs + 15 * 60_000));
  // What repeats is worked out once: a day's timestamp, a name's search forms.
  const days = new Map<number, string>();
  const names = new Map<string, { nameNorm: string; surnameNorm: string }>();
  for (let i = start; i < end; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const domain = DOMAINS[i % DOMAINS.length]!;
    const day = i % 400;
    let created = days.get(day);
    if (created === undefined) days.set(day, (created = iso(new Date(nowMs - day * 86_400_000))));
    const displayName = `${cap(first)} ${cap(last)}`;
    let forms = names.get(displayName);
    if (!forms) names.set(displayName, (forms = nameSearchForms(displayName)));
    // Generated logins are lower-case ASCII, so each is its own normal form (checked below, once a batch).
    const login = `${first}.${last}.${i}@${domain}`;
    const row: AccountsTable = {
      id: randomUUID(),
      login,
      loginNorm: login,
      domain,
      loginSkeleton: null,
      displayName,
      ...forms,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      passwordHash,
      mfaState: 'off',
      failedAttempts: 0,
      nextAttemptAt: null,
      lockedUntil: null,
      createdAt: created,
    };
    if (i === start) {
      const app = accountRow({ login, displayName, department: row.department }, passwordHash, new Date(created));
      for (const key of ['loginNorm', 'domain', 'nameNorm', 'surnameNorm', 'createdAt'] as const)
        if (app[key] !== row[key]) throw new Error(`The generator's ${key} differs from the app's: ${row[key]} ≠ ${app[key]}`);
    }
    const roll = (i * 7919) % 100;
    if (roll < 70) {
      row.mfaState = 'on';
      const id = randomUUID();
      factors.push(
        factorValues({
          id,
          accountId: row.id,
          secretEnc: box.seal(newTotpSecret(), id),
          status: 'active',
          createdAt: created,
          confirmedAt: created,
          lastStep: null,
          lastUsedAt: usedAt,
          revokedAt: null,
        }),
      );
      if (roll < 2) {
        row.failedAttempts = 10;
        row.lockedUntil = lockedUntil;
      }
    } else if (roll < 76) row.mfaState = 'pending';
    accounts.push(accountValues(row));
  }
  return { accounts, factors };
}

const BATCH = 10_000;

export async function generateOrganisation(dataDir: string, count: number, log: (line: string) => void = () => {}) {
  const config = loadConfig({ data: dataDir }, process.env);
  // The app's migrations make the schema; then the rows go in outside Kysely, in bulk.
  const store = await openStore(config);
  await store.close();
  const sink = config.databaseUrl ? await postgresSink(config.databaseUrl) : sqliteSink(path.join(config.dataDir, 'mfa-desk.sqlite'));
  const box = createSecretBox(config.encryptionKey);
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  const nowMs = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const batch = organisationRows(start, Math.min(count, start + BATCH), passwordHash, box, nowMs);
    await sink.write(batch.accounts, batch.factors);
    if (Math.floor((start + BATCH) / 100_000) > Math.floor(start / 100_000)) log(`${Math.min(count, start + BATCH)} accounts`);
  }
  log('rebuilding indexes');
  await sink.finish();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { flags } = parseFlags(process.argv.slice(2));
  const count = Number(flags['accounts'] ?? 100_000);
  const data = String(flags['data'] ?? `bench/results/org-${count}`);
  const started = Date.now();
  await generateOrganisation(data, count, (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${line}`));
  console.log(`Generated ${count} accounts in ${data} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
