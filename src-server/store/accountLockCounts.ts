/**
 * Migration 0025: the locked accounts per hour and per minute their lock ends in, kept by triggers in the
 * same transaction as every lock, unlock and move, so the MFA report and the metrics count locks from a
 * bounded number of counter rows instead of every locked account (domain/report/lockedAccounts.ts).
 *
 * `account_lock_counts` holds, per grain (`hour` or `minute`), the hour (`YYYY-MM-DDTHH`) or minute
 * (`YYYY-MM-DDTHH:MM`) of `locked_until`, department, domain and stored MFA state, how many accounts are
 * locked until then. A lock never ends by a write: it ends with time, so no counter is decremented when
 * one expires. A reader adds up the hours after the current one and this hour's minutes after the
 * current one, and counts the current minute's locks from the accounts themselves: locks last at most a
 * day (or for ever), so that is at most about 85 rows per group whatever the number of locks.
 * Housekeeping deletes the rows of times long past.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';
import { REPORT_COUNTER_FILLS } from './reportCounters.js';

/** How many characters of an ISO time name each grain's period. */
export const LOCK_GRAINS = { hour: 13, minute: 16 } as const;

const grains = `(select 'hour' as grain, ${LOCK_GRAINS.hour} as len union all select 'minute', ${LOCK_GRAINS.minute}) as g`;

/** Counts every lock set now into the (empty) counter table: the migration's first count and the organisation generator's. */
const LOCK_COUNT_FILL = `insert into account_lock_counts (grain, ends_in, department, domain, mfa_state, n)
  select g.grain, substr(a.locked_until, 1, g.len), a.department, a.domain, a.mfa_state, count(*) from accounts a cross join ${grains}
    where a.locked_until is not null group by g.grain, substr(a.locked_until, 1, g.len), a.department, a.domain, a.mfa_state`;

/**
 * Takes the old row's lock out of its hour and minute. A period housekeeping already deleted is long past
 * and counts for nothing, so an update that finds no row is right; an old row without a lock matches none.
 */
const uncount = Object.entries(LOCK_GRAINS).map(
  ([grain, len]) => `update account_lock_counts set n = n - 1
    where grain = '${grain}' and ends_in = substr(old.locked_until, 1, ${len})
      and department = old.department and domain = old.domain and mfa_state = old.mfa_state`,
);
const count = (n: string) => `insert into account_lock_counts (grain, ends_in, department, domain, mfa_state, n)
  select g.grain, substr(new.locked_until, 1, g.len), new.department, new.domain, new.mfa_state, 1 from ${grains}
    where new.locked_until is not null
  on conflict (grain, ends_in, department, domain, mfa_state) do update set n = ${n} + 1`;

/** Which columns move an account between counter rows, and the test that one of them changed on a locked row. */
const COLUMNS = ['locked_until', 'department', 'domain', 'mfa_state'];
const moved = (distinct: string) =>
  `(old.locked_until is not null or new.locked_until is not null) and (${COLUMNS.map((c) => `old.${c} ${distinct} new.${c}`).join(' or ')})`;

/** Every table of counts kept by triggers, filled from the rows: what a bulk load made with the triggers off must run after. */
export const COUNTER_FILLS: readonly string[] = [...REPORT_COUNTER_FILLS, LOCK_COUNT_FILL];

async function sqliteTriggers(db: Kysely<unknown>) {
  const statements = [
    `create trigger accounts_lock_counts_insert after insert on accounts when new.locked_until is not null begin ${count('n')}; end`,
    `create trigger accounts_lock_counts_delete after delete on accounts when old.locked_until is not null begin ${uncount.join('; ')}; end`,
    `create trigger accounts_lock_counts_update after update of ${COLUMNS.join(', ')} on accounts when ${moved('is not')}
       begin ${uncount.join('; ')}; ${count('n')}; end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresTriggers(db: Kysely<unknown>) {
  await sql
    .raw(
      `create function account_lock_counts() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') and old.locked_until is not null then
            ${uncount.join('; ')};
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
            ${count('account_lock_counts.n')};
          end if;
          return null;
        end $$`,
    )
    .execute(db);
  await sql`create trigger accounts_lock_counts_insert after insert on accounts for each row
    when (new.locked_until is not null) execute function account_lock_counts()`.execute(db);
  await sql`create trigger accounts_lock_counts_delete after delete on accounts for each row
    when (old.locked_until is not null) execute function account_lock_counts()`.execute(db);
  await sql
    .raw(
      `create trigger accounts_lock_counts_update after update of ${COLUMNS.join(', ')} on accounts for each row
        when (${moved('is distinct from')}) execute function account_lock_counts()`,
    )
    .execute(db);
}

export function accountLockCounts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account_lock_counts')
        .addColumn('grain', 'text', (c) => c.notNull())
        .addColumn('ends_in', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('mfa_state', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_lock_counts_pk', ['grain', 'ends_in', 'department', 'domain', 'mfa_state'])
        .execute();
      // An instance still on the old release could lock or unlock between the fill and the triggers, and the
      // counters would never see it: on PostgreSQL those writes wait until this migration commits (the
      // migrator's transaction). SQLite has one writer, this one.
      if (dialect === 'postgres') await sql`lock table accounts in share row exclusive mode`.execute(db);
      await sql.raw(LOCK_COUNT_FILL).execute(db);
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
  };
}
