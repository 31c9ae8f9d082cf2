/**
 * Migration 0016: the MFA report's counters, kept by triggers in the same transaction as every change
 * they count, so the report reads a few hundred counter rows instead of scanning a million accounts
 * (and its cost does not grow with the organisation).
 *
 * - `account_state_counts`: accounts per (department, domain, stored MFA state).
 * - `daily_mfa_changes`: per UTC day, accounts created, factors confirmed, and confirmed factors revoked
 *   — the changes the coverage series walks back through (domain/mfaReport.ts).
 *
 * A trigger subtracts what a row counted before and adds what it counts after, so inserts, updates,
 * deletes (cascades included) and any writer, even one outside this code, keep the counters exact.
 * Existing rows are counted once, here.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

const day = (column: string) => `substr(${column}, 1, 10)`;

/**
 * Counts every existing row into the (empty) counter tables, on either engine: the migration's first
 * count, and the organisation generator's after a bulk load made with the triggers off.
 */
export const REPORT_COUNTER_FILLS: readonly string[] = [
  `insert into account_state_counts (department, domain, mfa_state, n)
    select department, domain, mfa_state, count(*) from accounts group by department, domain, mfa_state`,
  `insert into daily_mfa_changes (day, created, confirmed, revoked)
    select day, sum(created), sum(confirmed), sum(revoked) from (
      select ${day('created_at')} as day, 1 as created, 0 as confirmed, 0 as revoked from accounts
      union all select ${day('confirmed_at')}, 0, 1, 0 from totp_factors where confirmed_at is not null
      union all select ${day('revoked_at')}, 0, 0, 1 from totp_factors where revoked_at is not null and confirmed_at is not null
    ) as changes group by day`,
];

async function createTables(db: Kysely<unknown>) {
  await db.schema
    .createTable('account_state_counts')
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('mfa_state', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_state_counts_pk', ['department', 'domain', 'mfa_state'])
    .execute();
  await db.schema
    .createTable('daily_mfa_changes')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const fill of REPORT_COUNTER_FILLS) await sql.raw(fill).execute(db);
}

/** `sign` times the row's contribution (`row` is old or new) to the counters of accounts. */
const sqliteAccountCounts = (row: 'old' | 'new', sign: 1 | -1) => `
  insert into account_state_counts (department, domain, mfa_state, n) values (${row}.department, ${row}.domain, ${row}.mfa_state, ${sign})
    on conflict (department, domain, mfa_state) do update set n = n + (${sign});`;
const sqliteCreated = (row: 'old' | 'new', sign: 1 | -1) => `
  insert into daily_mfa_changes (day, created) values (substr(${row}.created_at, 1, 10), ${sign})
    on conflict (day) do update set created = created + (${sign});`;
const sqliteFactorCounts = (row: 'old' | 'new', sign: 1 | -1) => `
  insert into daily_mfa_changes (day, confirmed) select substr(${row}.confirmed_at, 1, 10), ${sign} where ${row}.confirmed_at is not null
    on conflict (day) do update set confirmed = confirmed + (${sign});
  insert into daily_mfa_changes (day, revoked) select substr(${row}.revoked_at, 1, 10), ${sign}
    where ${row}.revoked_at is not null and ${row}.confirmed_at is not null
    on conflict (day) do update set revoked = revoked + (${sign});`;

async function sqliteTriggers(db: Kysely<unknown>) {
  const statements = [
    `create trigger accounts_counts_insert after insert on accounts begin ${sqliteAccountCounts('new', 1)} ${sqliteCreated('new', 1)} end`,
    `create trigger accounts_counts_delete after delete on accounts begin ${sqliteAccountCounts('old', -1)} ${sqliteCreated('old', -1)} end`,
    `create trigger accounts_counts_update after update of department, domain, mfa_state on accounts
       when old.department is not new.department or old.domain is not new.domain or old.mfa_state is not new.mfa_state
       begin ${sqliteAccountCounts('old', -1)} ${sqliteAccountCounts('new', 1)} end`,
    `create trigger totp_factors_counts_insert after insert on totp_factors begin ${sqliteFactorCounts('new', 1)} end`,
    `create trigger totp_factors_counts_delete after delete on totp_factors begin ${sqliteFactorCounts('old', -1)} end`,
    `create trigger totp_factors_counts_update after update of confirmed_at, revoked_at on totp_factors
       when old.confirmed_at is not new.confirmed_at or old.revoked_at is not new.revoked_at
       begin ${sqliteFactorCounts('old', -1)} ${sqliteFactorCounts('new', 1)} end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresTriggers(db: Kysely<unknown>) {
  await sql`create function account_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update account_state_counts set n = n - 1
          where department = old.department and domain = old.domain and mfa_state = old.mfa_state;
      end if;
      if tg_op = 'DELETE' then
        update daily_mfa_changes set created = created - 1 where day = substr(old.created_at, 1, 10);
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into account_state_counts (department, domain, mfa_state, n) values (new.department, new.domain, new.mfa_state, 1)
          on conflict (department, domain, mfa_state) do update set n = account_state_counts.n + 1;
      end if;
      if tg_op = 'INSERT' then
        insert into daily_mfa_changes (day, created) values (substr(new.created_at, 1, 10), 1)
          on conflict (day) do update set created = daily_mfa_changes.created + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function totp_factor_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        if old.confirmed_at is not null then
          update daily_mfa_changes set confirmed = confirmed - 1 where day = substr(old.confirmed_at, 1, 10);
          if old.revoked_at is not null then
            update daily_mfa_changes set revoked = revoked - 1 where day = substr(old.revoked_at, 1, 10);
          end if;
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.confirmed_at is not null then
        insert into daily_mfa_changes (day, confirmed) values (substr(new.confirmed_at, 1, 10), 1)
          on conflict (day) do update set confirmed = daily_mfa_changes.confirmed + 1;
        if new.revoked_at is not null then
          insert into daily_mfa_changes (day, revoked) values (substr(new.revoked_at, 1, 10), 1)
            on conflict (day) do update set revoked = daily_mfa_changes.revoked + 1;
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger accounts_counts after insert or delete on accounts for each row execute function account_counts()`.execute(db);
  await sql`create trigger accounts_counts_update after update of department, domain, mfa_state on accounts for each row
    when (old.department is distinct from new.department or old.domain is distinct from new.domain or old.mfa_state is distinct from new.mfa_state)
    execute function account_counts()`.execute(db);
  await sql`create trigger totp_factors_counts after insert or delete on totp_factors for each row execute function totp_factor_counts()`.execute(
    db,
  );
  await sql`create trigger totp_factors_counts_update after update of confirmed_at, revoked_at on totp_factors for each row
    when (old.confirmed_at is distinct from new.confirmed_at or old.revoked_at is distinct from new.revoked_at)
    execute function totp_factor_counts()`.execute(db);
}

export function reportCounters(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await createTables(db);
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
  };
}
