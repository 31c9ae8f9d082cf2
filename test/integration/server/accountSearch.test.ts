/**
 * Account search in buckets (exact login, login prefix, name prefix, surname prefix, substring), each
 * read with a limit in its own index order, paged by a cursor naming bucket and key. Runs on SQLite and
 * (npm run test:postgres) on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { accountRow } from '../../../src-server/domain/accounts/accounts.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let admin: AxiosInstance;

interface Found {
  id: string;
  login: string;
  displayName: string;
}

// Chosen so that one query ("schmi") falls in every bucket: a login starting with it, names and surnames
// starting with it, and logins or names that only contain it.
const PEOPLE = [
  ['schmi@search.example', 'Paul Exact'],
  ['schmidt.kai@search.example', 'Kai Schmidt'],
  ['schmitz.lea@search.example', 'Lea Schmitz'],
  // Logins starting with the query whose names start with it too: listed once, under logins. The first
  // login starts with its name's first word; the second does not, so the name bucket reads and skips it.
  ['schmiedel.max@search.example', 'Schmiedel Max'],
  ['schmi.rolf@search.example', 'Schmidbauer Rolf'],
  ['x1@search.example', 'Schmieder Ute'],
  ['x2@search.example', 'Schmidtke Olaf'],
  ['anna.s@search.example', 'Anna Schmidt'],
  ['bert.s@search.example', 'Bert Schmidt'],
  ['c.schmidt@search.example', 'Clara Weber'],
  ['d.x@search.example', 'Dora Goldschmied'],
  ['e.x@search.example', 'Emil Goldschmidt'],
] as const;

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  admin = await backend.agentHttp(backend.demo!.agents.find((a) => a.role === 'admin')!);
  for (const [login, displayName] of PEOPLE) {
    const res = await admin.post('/admin/v1/accounts', { login, displayName, department: 'Search' });
    expect(res.status).toBe(201);
  }
});
afterAll(() => backend.close());

async function everyPage(q: string, limit: number): Promise<{ items: Found[]; pages: number }> {
  const items: Found[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await admin.get('/admin/v1/accounts', { params: { q, limit, cursor } });
    expect(res.status).toBe(200);
    items.push(...res.data.items);
    cursor = res.data.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { items, pages };
}

const logins = (items: Found[]) => items.map((a) => a.login);

describe('account search', () => {
  it('finds a substring of 3 characters or more anywhere in a login or a name', async () => {
    const { items } = await everyPage('chmidt', 50);
    expect(logins(items)).toEqual(
      expect.arrayContaining([
        'schmidt.kai@search.example',
        'x2@search.example',
        'anna.s@search.example',
        'c.schmidt@search.example',
        'e.x@search.example',
      ]),
    );
    expect(logins(items)).not.toContain('d.x@search.example');
    // Substrings come in the index's order (insertion on SQLite, login on PostgreSQL).
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'GOLDSCHM' } })).data.items.map((a: Found) => a.login).sort()).toEqual([
      'd.x@search.example',
      'e.x@search.example',
    ]);
  });

  it('matches two words each anywhere, in either order', async () => {
    for (const q of ['anna schm', 'chmidt anna', 'ANNA   SCHMIDT']) {
      const { items } = await everyPage(q, 10);
      expect(logins(items)).toContain('anna.s@search.example');
      expect(items.every((a) => `${a.login} ${a.displayName}`.toLowerCase().includes('anna'))).toBe(true);
    }
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'anna goldschmidt' } })).data.items).toEqual([]);
  });

  it('lists the exact login first, then login prefixes, name prefixes, surname prefixes and substrings', async () => {
    const exact = await admin.get('/admin/v1/accounts', { params: { q: 'Schmi@Search.example' } });
    expect(exact.data.items[0].login).toBe('schmi@search.example');

    const { items } = await everyPage('schmi', 50);
    expect(logins(items)).toEqual([
      // Logins starting with "schmi", in login order.
      'schmi.rolf@search.example',
      'schmi@search.example',
      'schmidt.kai@search.example',
      'schmiedel.max@search.example',
      'schmitz.lea@search.example',
      // Names starting with it, in name order.
      'x2@search.example',
      'x1@search.example',
      // Surnames starting with it (a demo account may share one), in surname order.
      ...items.filter((a) => /^[^ ]+ schmi/i.test(a.displayName) && !a.login.startsWith('schmi')).map((a) => a.login),
      // The rest contain it.
      ...items.slice(-3).map((a) => a.login),
    ]);
    expect(logins(items.slice(-3)).sort()).toEqual(['c.schmidt@search.example', 'd.x@search.example', 'e.x@search.example']);
    const surnames = items.slice(7, -3);
    expect(surnames.length).toBeGreaterThanOrEqual(2);
    expect(surnames.every((a) => a.displayName.toLowerCase().split(' ').at(-1)?.startsWith('schmi'))).toBe(true);
  });

  it('looks up a whole login typed out: that login and logins extending it, never names or substrings that contain it', async () => {
    // "schmidt.kai@search.example" contains "schmidt", in other logins and names, and its domain is in every account here.
    const { items, pages } = await everyPage('  Schmidt.Kai@SEARCH.example ', 50);
    expect(logins(items)).toEqual(['schmidt.kai@search.example']);
    expect(pages).toBe(1);
    // A login no account has lists the logins extending it, and nothing else starting with "schmi".
    expect(logins((await everyPage('schmi@search.exampl', 50)).items)).toEqual(['schmi@search.example']);
  });

  it('pages through every bucket with any page size, without a duplicate or a gap', async () => {
    for (const q of ['schmi', 'anna', 'ann', 'a', '', '@contoso.example', 'northwind']) {
      const whole = await everyPage(q, 200);
      expect(new Set(whole.items.map((a) => a.id)).size).toBe(whole.items.length);
      for (const limit of q.length > 3 ? [1, 2, 7] : [7]) {
        const paged = await everyPage(q, limit);
        expect(logins(paged.items)).toEqual(logins(whole.items));
        expect(new Set(paged.items.map((a) => a.id)).size).toBe(paged.items.length);
      }
    }
  });

  it('lists every account, once, when the query is empty', async () => {
    const { items } = await everyPage('', 200);
    const count = await backend.store.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(new Set(items.map((a) => a.id)).size).toBe(Number(count.n));
  });

  it('finds every account of a domain by equality on the domain, not by a domain prefix', async () => {
    const { items } = await everyPage('@search.example', 4);
    expect(items).toHaveLength(PEOPLE.length);
    expect((await admin.get('/admin/v1/accounts', { params: { q: '@search.exam' } })).data.items).toEqual([]);
  });

  it('refuses a cursor naming a bucket the query has not, or a key of the wrong shape, with a 400', async () => {
    const cursor = (...parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const [q, bad] of [
      ['@search.example', cursor('substring', '1', '')],
      ['ab', cursor('substring', '1', '')],
      ['schmi', cursor('nowhere', 'x', '')],
      ['schmi', cursor('login', 'x')],
    ] as const) {
      const res = await admin.get('/admin/v1/accounts', { params: { q, cursor: bad } });
      expect(res.status).toBe(400);
      expect(res.data.code).toBe('invalid_cursor');
    }
  });

  it('keeps the substring index in step when an account is renamed or erased', async () => {
    const created = await admin.post('/admin/v1/accounts', {
      login: 'zz.q@search.example',
      displayName: 'Quirinx Zyx',
      department: 'Search',
    });
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'uirinx' } })).data.items.map((a: Found) => a.id)).toEqual([
      created.data.id,
    ]);
    await backend.store.db.updateTable('accounts').set({ nameNorm: 'quoventa zyx' }).where('id', '=', created.data.id).execute();
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'uirinx' } })).data.items).toEqual([]);
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'oventa' } })).data.items.map((a: Found) => a.id)).toEqual([
      created.data.id,
    ]);
    await backend.store.db.deleteFrom('accounts').where('id', '=', created.data.id).execute();
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'oventa' } })).data.items).toEqual([]);
  });

  it('finds rare, uncommon and common substrings beyond the first thousands of accounts, page after page', async () => {
    // More accounts than PostgreSQL's first window (3,000 in id order), so its trigram index is used too:
    // for a rare word alone, and for an uncommon one ("zeta", in 9 accounts) after the matches the window held.
    const now = backend.clock.now();
    const filler = Array.from({ length: 3600 }, (_, i) =>
      accountRow(
        {
          login: `m${String(i).padStart(5, '0')}@bulk.example`,
          displayName: i % 400 === 7 ? 'Filler Mozetal' : i % 16 ? 'Filler Person' : 'Filler Midway',
          department: 'Bulk',
        },
        null,
        now,
      ),
    );
    for (let i = 0; i < filler.length; i += 200)
      await backend.store.db
        .insertInto('accounts')
        .values(filler.slice(i, i + 200))
        .execute();
    const rare = await admin.post('/admin/v1/accounts', {
      login: 'zzz.rare@bulk.example',
      displayName: 'Qwertz Yuiop',
      department: 'Bulk',
    });
    expect((await admin.get('/admin/v1/accounts', { params: { q: 'wertz' } })).data.items.map((a: Found) => a.id)).toEqual([rare.data.id]);
    for (const limit of [200, 7]) {
      const { items } = await everyPage('iller', limit);
      expect(items).toHaveLength(filler.length);
      expect(new Set(items.map((a) => a.id)).size).toBe(filler.length);
    }
    for (const [word, name] of [
      ['idway', 'Midway'],
      ['zeta', 'Mozetal'],
    ] as const) {
      const having = filler.filter((a) => a.displayName.endsWith(name)).map((a) => a.id);
      for (const limit of [50, 9, 4]) {
        const { items } = await everyPage(word, limit);
        expect(items.map((a) => a.id).sort()).toEqual([...having].sort());
      }
    }
  });
});
