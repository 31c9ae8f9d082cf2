/**
 * Migration 0011 and the queries that depend on its engine-specific parts: account search by substring.
 *
 * The searched text of an account is its normalised login and name, joined by a line feed so that no
 * typed substring spans the two. SQLite keeps it in a contentless FTS5 table with the trigram tokenizer,
 * kept in step with `accounts` by triggers and keyed by the account's rowid (the desk never runs VACUUM,
 * which may renumber rowids of a table without an integer primary key). PostgreSQL indexes the same
 * expression with pg_trgm (GIN), which serves `LIKE '%…%'`; pg_trgm is a trusted extension, so the
 * database owner may create it. On PostgreSQL the search columns also take the C collation, so their
 * B-tree indexes serve prefix ranges and order like SQLite's (byte order), and the search's cursors mean
 * the same thing on both engines.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';
import type { AccountsTable } from './schema.js';
import { nameSearchForms } from '../domain/accounts/loginAddress.js';

/**
 * The text SQLite's search table holds for an account (migration 0023): the login and the name, each
 * after a start mark (STX, which no login or search form of a name holds), joined by a line feed so
 * that no typed substring spans the two. The mark lets one search tell a field that starts with the
 * words from one that only contains them. `row` names the trigger's row (`new.`), or none.
 */
const sqliteSearchText = (row = '') => `char(2) || ${row}login_norm || char(10) || char(2) || ${row}name_norm`;
const START_MARK = '\u0002';
const INNER_TABLE = 'accounts_search_inner';

/**
 * The text of SQLite's second search table (migration 0026): the login and the name each without its
 * first character, where a word occurs exactly when it occurs in the field but not only at its start
 * (the same text as PostgreSQL's inner trigram index).
 */
const sqliteInnerText = (row = '') => `substr(${row}login_norm, 2) || char(10) || substr(${row}name_norm, 2)`;

/**
 * Fill SQLite's search tables from every account: migrations 0023's and 0026's fills, and the
 * organisation generator's after a bulk load made with the triggers dropped.
 */
export const SQLITE_SEARCH_FILLS = [searchFill('accounts_search', sqliteSearchText()), searchFill(INNER_TABLE, sqliteInnerText())];

function searchFill(table: string, text: string) {
  return `insert into ${table} (rowid, text) select rowid, ${text} from accounts`;
}

/**
 * A SQLite search table (`table`) holding `text` (an expression over an account's row, which `row`
 * names: '' or 'new.'), filled from every account, and the triggers that keep it in step with `accounts`.
 */
async function createSqliteSearchTable(db: Kysely<unknown>, table: string, text: (row: string) => string) {
  const name = sql.raw(table);
  await sql`create virtual table ${name} using fts5(text, content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  await sql.raw(searchFill(table, text(''))).execute(db);
  await sql`create trigger ${sql.raw(`${table}_insert`)} after insert on accounts begin
    insert into ${name} (rowid, text) values (new.rowid, ${sql.raw(text('new.'))});
  end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_delete`)} after delete on accounts begin
    delete from ${name} where rowid = old.rowid;
  end`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_update`)} after update of login_norm, name_norm on accounts begin
    delete from ${name} where rowid = old.rowid;
    insert into ${name} (rowid, text) values (new.rowid, ${sql.raw(text('new.'))});
  end`.execute(db);
}
const SEARCH_TEXT_POSTGRES = sql`(login_norm || E'\\n' || name_norm)`;
/** The same text without the first character of the login and of the name (migration 0023). */
const INNER_TEXT_POSTGRES = sql`(substr(login_norm, 2) || E'\\n' || substr(name_norm, 2))`;

export function accountSearchIndex(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`create extension if not exists pg_trgm`.execute(db);
        for (const column of ['login_norm', 'domain', 'name_norm', 'surname_norm'])
          await sql`alter table accounts alter column ${sql.ref(column)} type text collate "C"`.execute(db);
        await sql`create index accounts_search_trgm on accounts using gin (${SEARCH_TEXT_POSTGRES} gin_trgm_ops)`.execute(db);
        return;
      }
      await createSqliteSearchTable(db, 'accounts_search', (row) => `${row}login_norm || char(10) || ${row}name_norm`);
    },
  };
}

/**
 * Migration 0023: a one-word search's substring bucket leaves out the accounts whose login or name
 * starts with the word (listed already) inside the index, instead of reading each of them to skip it:
 * the page where the names end read every account called Anna (at 1M: 0.08 s on SQLite, 0.3 s on
 * PostgreSQL; at 10M: 0.7 and 2.2 s). On SQLite the search table is rebuilt with a start mark before
 * the login and the name (`sqliteSearchText`), and its triggers with it. On PostgreSQL a second
 * trigram index holds the text past each field's first character, where a word occurs exactly when it
 * occurs in the field but not only at its start.
 */
export function substringsPastFieldStarts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`create index accounts_search_inner_trgm on accounts using gin (${INNER_TEXT_POSTGRES} gin_trgm_ops)`.execute(db);
        return;
      }
      for (const trigger of ['accounts_search_insert', 'accounts_search_delete', 'accounts_search_update'])
        await sql`drop trigger ${sql.ref(trigger)}`.execute(db);
      await sql`drop table accounts_search`.execute(db);
      await createSqliteSearchTable(db, 'accounts_search', sqliteSearchText);
    },
  };
}

/**
 * Migration 0024 (PostgreSQL; nothing on SQLite): the id index that also carries the searched columns,
 * so the substring bucket's walk in id order reads the index alone (about 0.4 µs an account instead of
 * 2.6 µs with a visit to the table for each).
 */
export function substringWalkIndex(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') return;
      await sql`create index accounts_id_search on accounts (id) include (login_norm, name_norm, surname_norm)`.execute(db);
    },
  };
}

/**
 * Migration 0026 (SQLite; nothing on PostgreSQL, whose inner trigram index came with 0023): a second
 * search table of the text past each field's first character, which a one-word search reads. Through the
 * start-marked table a word that starts most of its accounts' fields ("anna") made FTS5 read the
 * postings of every one of them to leave them out: the page where "anna"'s names end took 7 ms at 1M
 * and 71 ms at 10M; in this table "anna" is in none of them, and the same page reads 0.02 ms of index.
 *
 * First, names stored before their search forms blanked control characters (`nameSearchForms`) have
 * their forms worked out again: a start mark inside one would hide the account from searches of
 * several words (`NOT "␂w1 w2"` would match inside its name).
 */
export function substringsPastFieldStartsSqlite(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      const controls = '*[\u0001-\u001f]*';
      const { rows } = await sql<{ id: string; name: string }>`select id, display_name as name from accounts
        where name_norm glob ${controls} or surname_norm glob ${controls}`.execute(db);
      for (const row of rows) {
        const forms = nameSearchForms(row.name);
        await sql`update accounts set name_norm = ${forms.nameNorm}, surname_norm = ${forms.surnameNorm} where id = ${row.id}`.execute(db);
      }
      await createSqliteSearchTable(db, INNER_TABLE, sqliteInnerText);
    },
  };
}

/** Which engine a Kysely instance talks to (the store opened it; see openStore.ts). */
export function dialectOf<DB>(db: Kysely<DB>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Characters LIKE treats specially, escaped with a backslash (PostgreSQL's default escape). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Accounts read in id order on PostgreSQL to see how common a substring is: enough that a word in 0.3 %
 * of accounts is seen there at all but once in 8,000 searches (with 1,000, one in twenty found none and
 * was listed through the trigram index: 30,000 matches, 0.18 s at 10M); about 1.2 ms from the index.
 */
const WALK_WINDOW = 3000;
/**
 * What reading one account in id order costs beside listing one trigram match (measured at 1M accounts:
 * about 0.4 µs from the covering id index against 6 µs, the match being a random heap visit with a recheck).
 */
const WALK_COST_PER_MATCH = 0.4 / 6;

/** How long a count of accounts is taken as it is: it moves slowly, and reading it is a round trip. */
const COUNT_SECONDS = 60;
const counts = new WeakMap<object, { n: number; at: number }>();

/**
 * How many accounts there are: the report's counters (migration 0016, exact, a few hundred rows; the
 * planner's estimate is -1 until the first ANALYZE), read at most once a minute per store.
 */
async function accountCount<DB>(db: Kysely<DB>): Promise<number> {
  const known = counts.get(db);
  if (known && performance.now() - known.at < COUNT_SECONDS * 1000) return known.n;
  const { rows } = await sql<{ n: number | null }>`select cast(sum(n) as integer) as n from account_state_counts`.execute(db);
  const n = rows[0]?.n ?? 0;
  counts.set(db, { n, at: performance.now() });
  return n;
}

/** An account as the search lists it, with the key its bucket is read in. */
export interface AccountSearchRow {
  id: string;
  login: string;
  loginNorm: string;
  nameNorm: string;
  surnameNorm: string;
  displayName: string;
  department: string;
  mfaState: AccountsTable['mfaState'];
  failedAttempts: number;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
  key: string;
}

export interface SubstringQuery {
  /** Every word (3 characters or more) must occur in the login or the name. */
  words: string[];
  /** Accounts whose login starts with this, or whose name or surname starts with `namePrefix`, are listed in an earlier bucket. */
  loginPrefix: string;
  namePrefix: string;
  /** The key of the last row of the previous page, from `AccountSearchRow.key`. */
  after: string | null;
  limit: number;
}

/**
 * Accounts whose login or name contains every word, in the order the index gives them: the FTS rowid on
 * SQLite (FTS5 returns matches in rowid order, so a page stops after `limit` matches), the id on
 * PostgreSQL (a walk of the id index while matches are common, else the trigram index).
 */
export async function substringMatches<DB>(db: Kysely<DB>, query: SubstringQuery): Promise<AccountSearchRow[]> {
  const { loginPrefix: login, namePrefix: name } = query;
  const notEarlier = sql`not (a.login_norm >= ${login} and a.login_norm < ${`${login}\uffff`})
    and not (a.name_norm >= ${name} and a.name_norm < ${`${name}\uffff`})
    and not (a.surname_norm >= ${name} and a.surname_norm < ${`${name}\uffff`})`;
  const columns = sql`a.id, a.login, a.login_norm, a.name_norm, a.surname_norm, a.display_name, a.department,
    a.mfa_state, a.failed_attempts, a.next_attempt_at, a.locked_until`;
  if (dialectOf(db) === 'postgres') {
    // One word: accounts whose login or name starts with it were listed already, so only its occurrences
    // past a field's first character count, which their own trigram index lists (migration 0023).
    const inner = query.words.length === 1;
    const text = inner ? INNER_TEXT_POSTGRES : SEARCH_TEXT_POSTGRES;
    // The trigram indexes serve LIKE on their text; the walk tests each column apart instead, which reads
    // the same (a word has no line break, so it never spans the two) without joining them for every
    // account (5.2 → 3.8 ms for two words over 17,000 accounts).
    const each = sql.join(
      query.words.map((w) => sql`${text} like ${`%${likeLiteral(w)}%`}`),
      sql` and `,
    );
    const column = (name: string) => (inner ? sql`substr(${sql.ref(name)}, 2)` : sql.ref(name));
    const eachWalked = sql.join(
      query.words.map((w) => sql`(strpos(${column('a.login_norm')}, ${w}) > 0 or strpos(${column('a.name_norm')}, ${w}) > 0)`),
      sql` and `,
    );
    // Matches are listed in id order: ids are random, so unlike logins (which cluster by first name,
    // and surnames within them) a run of ids holds a common substring as often as the whole table does.
    // A common substring is found soonest by walking the id index; a rare one by the trigram index.
    const walk = async (after: string, window: number) => {
      // The window is read from the id index that carries the searched columns (migration 0024), without
      // visiting the table; only the page's matches are then read from it.
      const { rows } = await sql<AccountSearchRow>`select ${columns}, a.id as key from (
          select a.id from (select id, login_norm, name_norm, surname_norm from accounts
            where id > ${after} order by id limit ${window}) a
          where ${eachWalked} and ${notEarlier} order by a.id limit ${query.limit}
        ) m join accounts a on a.id = m.id order by a.id`.execute(db);
      // Where the window ended, or null when the table ended within it: read only if the walk goes on.
      const edge = async () => {
        const { rows: read } = await sql<{ last: string | null; n: number }>`select max(id) as last, count(*)::int as n
          from (select id from accounts where id > ${after} order by id limit ${window}) w`.execute(db);
        const last = read[0];
        return last?.last && last.n === window ? last.last : null;
      };
      return { rows, edge };
    };
    let stretch = await walk(query.after ?? '', WALK_WINDOW);
    let found = stretch.rows;
    if (found.length === query.limit) return found;
    // What was read tells how common the words are: walking on is expected to read `walkOn` more
    // accounts, the trigram index to list `listed` matches; the cheaper of the two is taken, again after
    // each stretch walked (a stretch may fall short of its expectation).
    let read = WALK_WINDOW;
    while (found.length > 0) {
      const walkOn = Math.ceil(((query.limit - found.length) * read * 1.5) / found.length);
      const listed = (found.length / read) * (await accountCount(db));
      if (walkOn * WALK_COST_PER_MATCH > listed) break;
      const edge = await stretch.edge();
      if (edge === null) return found;
      stretch = await walk(edge, walkOn);
      found = [...found, ...stretch.rows].slice(0, query.limit);
      read += walkOn;
      if (found.length === query.limit) return found;
    }
    // A page that fell short holds every match of what it walked, so the trigram index lists the rest
    // from the last one found (or from the cursor when none was).
    const from = found.at(-1)?.key ?? query.after ?? '';
    // Materialised, so the planner cannot turn it into a walk of the id index after all.
    const { rows: far } = await sql<AccountSearchRow>`with m as materialized (
        select * from accounts where ${each} and id > ${from})
      select ${columns}, a.id as key from m a where ${notEarlier}
      order by a.id limit ${query.limit - found.length}`.execute(db);
    return [...found, ...far];
  }
  // An FTS5 string in double quotes is matched as a substring by the trigram tokenizer; quotes double.
  const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
  // Accounts whose login or name starts with the words were listed in an earlier bucket: left out inside
  // FTS5 rather than read and skipped one by one. One word is looked for in the text past each field's
  // first character (migration 0026), which holds no field's start at all; several words in the
  // start-marked text, leaving out the fields that start with all of them (migration 0023). Both tables
  // are keyed by the account's rowid, so a cursor means the same in either.
  const [word, ...more] = query.words;
  const inner = word !== undefined && more.length === 0;
  const table = sql.raw(inner ? INNER_TABLE : 'accounts_search');
  const match = inner ? quoted(word) : `(${query.words.map(quoted).join(' ')}) NOT ${quoted(START_MARK + name)}`;
  const after = query.after === null ? sql`true` : sql`s.rowid > ${Number(query.after)}`;
  const { rows } = await sql<AccountSearchRow>`select ${columns}, cast(s.rowid as text) as key
    from ${table} s join accounts a on a.rowid = s.rowid
    where ${table} match ${match} and ${after} and ${notEarlier}
    order by s.rowid limit ${query.limit}`.execute(db);
  return rows;
}

/**
 * True for an account whose login does not start with its name's first word ("anna.schmidt@…" for
 * Anna Schmidt does; "a.schmidt@…" or "it.helpdesk@…" does not). Written once per engine, and used
 * word for word by migration 0022's partial index and by the search, which is how both engines know the
 * index serves the query.
 */
export function nameNotLeadingLogin(dialect: Dialect) {
  return dialect === 'postgres'
    ? sql<boolean>`not starts_with(login_norm, split_part(name_norm, ' ', 1))`
    : sql<boolean>`substr(login_norm, 1, length(substr(name_norm, 1, instr(name_norm || ' ', ' ') - 1))) <> substr(name_norm, 1, instr(name_norm || ' ', ' ') - 1)`;
}

/**
 * Migration 0022: names in order, only of the accounts whose login does not start with the name's first
 * word. A one-word search lists logins starting with the word before names starting with it, so the
 * name bucket skips every account whose login is led by its name (most of them, in most organisations):
 * through this index it never reads them, instead of reading and skipping them all (0.3 s for "anna"
 * at 1M).
 */
export function namesNotLeadingLogins(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create index accounts_name_not_leading on accounts (name_norm, login_norm) where ${nameNotLeadingLogin(dialect)}`.execute(
        db,
      );
    },
  };
}
