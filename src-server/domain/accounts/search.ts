/**
 * Account search that costs one page at any size. Results come in buckets, best first: the exact login,
 * logins starting with the query, names starting with it, surnames starting with it (the name with the
 * last word first), then logins or names containing every word of 3 characters or more (a whole login
 * is looked up, with logins extending it, and not searched further). An account is
 * listed once, in the first bucket it belongs to. Each bucket is one range of one index, read in that
 * index's order with a limit, and a page only reads the next bucket when the current one runs out. The
 * cursor names the bucket and the last key read in it, so page 1,000 costs what page 1 does.
 * `@domain` lists one domain by equality on the domain, in login order.
 */
import type { AccountSummary, Page } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import { dialectOf, nameNotLeadingLogin, substringMatches, type AccountSearchRow } from '../../store/accountSearchIndex.js';
import { effectiveMfaState } from './accounts.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { normaliseLogin } from './loginAddress.js';
import { DeskProblem } from '../platform/problems.js';

type BucketName = 'all' | 'domain' | 'exact' | 'login' | 'name' | 'surname' | 'substring';

interface Bucket {
  name: BucketName;
  /** Up to `limit` rows after the key (the bucket's own order), each with its key. */
  read(after: string[] | null, limit: number): Promise<{ row: AccountSearchRow; key: string[] }[]>;
}

/** Substring search needs words long enough for a trigram index to narrow them down. */
export const SUBSTRING_MIN_LENGTH = 3;

const upper = (prefix: string) => `${prefix}\uffff`;

function selectAccounts(db: Db) {
  return db
    .selectFrom('accounts')
    .select([
      'id',
      'login',
      'loginNorm',
      'nameNorm',
      'surnameNorm',
      'displayName',
      'department',
      'mfaState',
      'failedAttempts',
      'nextAttemptAt',
      'lockedUntil',
    ]);
}

/**
 * Rows in login order (unique), the key being the login; strictly after `from` when given. The cursor and
 * `from` make one lower bound, the later of the two: given both, SQLite ranges over one and filters by the
 * other, so a deep page read every login between the prefix and the cursor.
 */
function byLogin(
  db: Db,
  name: BucketName,
  narrow: (q: ReturnType<typeof selectAccounts>) => ReturnType<typeof selectAccounts>,
  from?: string,
): Bucket {
  return {
    name,
    async read(after, limit) {
      let query = narrow(selectAccounts(db));
      const cursor = after?.[0];
      const lower = cursor !== undefined && (from === undefined || cursor > from) ? cursor : from;
      if (lower !== undefined) query = query.where('loginNorm', '>', lower);
      const rows = await query.orderBy('loginNorm').limit(limit).execute();
      return rows.map((row) => ({ row: { ...row, key: row.loginNorm }, key: [row.loginNorm] }));
    },
  };
}

/** Rows whose name (or surname-first name) starts with the words, in (that column, login) order. */
function byNameColumn(db: Db, name: 'name' | 'surname', prefixes: { login: string; name: string }): Bucket {
  const column = name === 'name' ? 'nameNorm' : 'surnameNorm';
  const words = prefixes.name;
  return {
    name,
    async read(after, limit) {
      let query = selectAccounts(db)
        .where(column, '>=', words)
        .where(column, '<', upper(words))
        // Listed already under "login starts with" (and, for surnames, under "name starts with").
        .where((eb) => eb.not(eb.and([eb('loginNorm', '>=', prefixes.login), eb('loginNorm', '<', upper(prefixes.login))])));
      if (name === 'surname') query = query.where((eb) => eb.not(eb.and([eb('nameNorm', '>=', words), eb('nameNorm', '<', upper(words))])));
      // One word, a prefix of the name's first word: every account whose login starts with that first
      // word starts with the query too, so it was listed already. Those are left out by the partial
      // index that holds only the others (accountSearchIndex.ts), instead of being read and skipped.
      if (name === 'name' && !words.includes(' ')) query = query.where(nameNotLeadingLogin(dialectOf(db)));
      if (after) query = query.where((eb) => eb(eb.refTuple(column, 'loginNorm'), '>', eb.tuple(after[0] ?? '', after[1] ?? '')));
      const rows = await query.orderBy(column).orderBy('loginNorm').limit(limit).execute();
      return rows.map((row) => ({ row: { ...row, key: row.loginNorm }, key: [row[column], row.loginNorm] }));
    },
  };
}

function bySubstring(db: Db, words: string[], prefixes: { login: string; name: string }): Bucket {
  return {
    name: 'substring',
    async read(after, limit) {
      const rows = await substringMatches(db, {
        words,
        loginPrefix: prefixes.login,
        namePrefix: prefixes.name,
        after: after?.[0] ?? null,
        limit,
      });
      return rows.map((row) => ({ row, key: [row.key] }));
    },
  };
}

function bucketsFor(db: Db, q: string): Bucket[] {
  if (!q) return [byLogin(db, 'all', (query) => query)];
  if (q.startsWith('@')) {
    const domain = q.slice(1);
    return [byLogin(db, 'domain', (query) => query.where('domain', '=', domain))];
  }
  const words = q.split(/\s+/).filter(Boolean);
  const exact = wholeLogin(q);
  const prefixes = { login: exact ?? words.join(' '), name: words.join(' ') };
  // Strictly after the prefix itself: a login equal to it is the exact bucket's.
  const loginBucket = byLogin(db, 'login', (query) => query.where('loginNorm', '<', upper(prefixes.login)), prefixes.login);
  // A whole login typed out is looked up (and logins extending it listed), not searched in names or
  // inside other logins: its trigrams, the domain's above all, are in most accounts.
  if (exact) return [byLogin(db, 'exact', (query) => query.where('loginNorm', '=', exact)), loginBucket];
  const buckets = [loginBucket, byNameColumn(db, 'name', prefixes), byNameColumn(db, 'surname', prefixes)];
  if (words.every((w) => w.length >= SUBSTRING_MIN_LENGTH)) buckets.push(bySubstring(db, words, prefixes));
  return buckets;
}

/** The login a query names whole (it has an `@` and is a login), or null; `q` is trimmed and lower-case. */
function wholeLogin(q: string): string | null {
  return q.includes('@') && !q.startsWith('@') ? (normaliseLogin(q)?.loginNorm ?? null) : null;
}

/** Whether a search is the lookup of one login, which reads one index entry and a short range after it. */
export const isLoginLookup = (q: string) => wholeLogin(q.trim().toLowerCase()) !== null;

const invalidCursor = () => new DeskProblem(400, 'invalid_cursor', 'The page cursor is not valid.');

/** Search by login, name, surname, substring or `@domain`; see the top of this file for the order. */
export async function searchAccounts(
  db: Db,
  query: { q: string; cursor?: string | undefined; limit?: number | undefined },
  now: Date,
): Promise<Page<AccountSummary>> {
  const limit = query.limit ?? 50;
  const buckets = bucketsFor(db, query.q.trim().toLowerCase());
  // The cursor is [bucket, key…]; the key has two parts in the name buckets, one elsewhere ('' pads).
  const cursor = decodeCursor(query.cursor, 3);
  let start = 0;
  let after: string[] | null = null;
  if (cursor) {
    const [bucket, ...key] = cursor;
    start = buckets.findIndex((b) => b.name === bucket);
    if (start < 0) throw invalidCursor();
    // On SQLite the substring bucket's key is an FTS rowid.
    if (bucket === 'substring' && dialectOf(db) === 'sqlite' && !/^\d{1,18}$/.test(key[0])) throw invalidCursor();
    after = key;
  }
  // One row beyond the page tells whether there is a next one.
  const found: { bucket: BucketName; row: AccountSearchRow; key: string[] }[] = [];
  for (let i = start; i < buckets.length && found.length <= limit; i++) {
    const bucket = buckets[i];
    if (!bucket) break;
    const rows = await bucket.read(i === start ? after : null, limit + 1 - found.length);
    for (const { row, key } of rows) found.push({ bucket: bucket.name, row, key });
  }
  const items = found.slice(0, limit).map(({ row }) => ({
    id: row.id,
    login: row.login,
    displayName: row.displayName,
    department: row.department,
    mfaState: effectiveMfaState(row, now),
  }));
  const last = found.length > limit ? found[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.bucket, last.key[0] ?? '', last.key[1] ?? '') : null };
}
