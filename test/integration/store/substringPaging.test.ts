/**
 * Substring search on an organisation larger than the first window PostgreSQL walks (3,000 accounts):
 * after that window a page walks on in id order stretch by stretch or lists the rest through the trigram
 * index, whichever it expects to read less, and the words below take each way (and both, one after the
 * other). Every page of each must add up to exactly the accounts a brute-force scan finds, once each,
 * whatever the page size. On SQLite (FTS5) and, under test:postgres, PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../../bench/generateOrganisation.js';
import { searchAccounts } from '../../../src-server/domain/accounts/search.js';
import { openStore, type Store } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase } from '../../support/backend.js';

const ACCOUNTS = 48_000;
let store: Store;
let all: { id: string; loginNorm: string; nameNorm: string; surnameNorm: string }[];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const postgres = await freshPostgresDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-substring-'));
  cleanups.push(async () => {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await generateOrganisation(dataDir, ACCOUNTS, () => {}, postgres ? { MFA_DESK_DATABASE_URL: postgres.url } : {});
  store = await openStore({ dataDir, databaseUrl: postgres?.url });
  cleanups.unshift(() => store.close());
  all = await store.db.selectFrom('accounts').select(['id', 'loginNorm', 'nameNorm', 'surnameNorm']).execute();
}, 120_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** What the search must find, by the rules of its buckets, scanning every account. */
function bruteForce(q: string): Set<string> {
  const words = q.split(' ');
  const joined = words.join(' ');
  return new Set(
    all
      .filter(
        (a) =>
          a.loginNorm.startsWith(joined) ||
          a.nameNorm.startsWith(joined) ||
          a.surnameNorm.startsWith(joined) ||
          words.every((w) => a.loginNorm.includes(w) || a.nameNorm.includes(w)),
      )
      .map((a) => a.id),
  );
}

async function everyPage(q: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchAccounts(store.db, { q, limit, cursor }, new Date());
    ids.push(...page.items.map((a) => a.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe('substring search beyond the first window', () => {
  it.each([
    ['a common word', 'chmidt'],
    ['a common word inside names and logins', 'nna'],
    ['two words in 0.3 % of accounts', 'nna chmi'],
    ['two words the other way round', 'ossi ven'],
    ['two words in 1 % of accounts', 'nna contoso'],
    ['a rare word', 'okafor.135'],
    ['a word no account has', 'qqxq'],
  ])('finds exactly the matching accounts, once each, on every page: %s', async (_, q) => {
    const expected = bruteForce(q);
    const byFifty = await everyPage(q, 50);
    expect(new Set(byFifty).size).toBe(byFifty.length);
    expect(new Set(byFifty)).toEqual(expected);
    expect(await everyPage(q, 13)).toEqual(byFifty);
  });
});
