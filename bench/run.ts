/**
 * `npm run bench`: account search against a generated organisation (default 1,000,000 accounts,
 * BENCH_ACCOUNTS to change) on SQLite, or on PostgreSQL when MFA_DESK_DATABASE_URL is set. For each
 * query kind it prints p50/p95 server-side (the domain function on the store, no HTTP) and through the
 * real HTTP API on loopback, then each kind's query plan. Deep pages are measured beside page 1.
 * The organisation is generated once (bench/generateOrganisation.ts) into bench/results/ (git-ignored)
 * or into the empty PostgreSQL database, and reused.
 */
import axios from 'axios';
import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { buildApp } from '../src-server/app.js';
import { appDeps } from '../src-server/appDeps.js';
import { loadConfig } from '../src-server/config.js';
import { searchAccounts } from '../src-server/domain/accounts/search.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { systemClock } from '../src-server/domain/platform/clock.js';
import { encodeCursor } from '../src-server/domain/platform/cursor.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { totpCodeAt } from '../src-server/domain/credentials/totp.js';
import { openStore } from '../src-server/store/openStore.js';
import { organisationOnce } from './generateOrganisation.js';
import { measureSearchUnderLoad } from './searchUnderLoad.js';
import { quantile, timings } from './timing.js';
import { measureTotpVerification } from './totpVerification.js';
import { measureCodeVerification } from './codeVerification.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const samples = Number(process.env['BENCH_SAMPLES'] ?? 200);
const dataDir = `bench/results/org-${count}`;
const config = loadConfig({ data: dataDir }, process.env);
await organisationOnce(dataDir, count);
const store = await openStore(config);
const box = createSecretBox(config.encryptionKey);
const password = 'benchmark password';
const email = `bench-${Date.now()}@desk.example`;
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Bench', role: 'admin', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const session = await axios.post(`${url}/admin/v1/sessions`, { email, password, code: totpCodeAt(totpSecret, new Date()) });
const http = axios.create({ baseURL: url, headers: { authorization: `Bearer ${session.data.token}` } });

type Query = { q: string; cursor?: string; limit?: number };

async function percentiles(run: (i: number) => Promise<unknown>, runs = samples): Promise<[string, string]> {
  const times = await timings(run, runs);
  return [quantile(times, 0.5), quantile(times, 0.95)];
}

// Every statement a search runs, captured as Kysely hands it to the driver, for the plans below.
const captured: RootOperationNode[] = [];
const capture: KyselyPlugin = {
  transformQuery: (args) => {
    captured.push(args.node);
    return args.node;
  },
  transformResult: async (args) => args.result,
};
const planned = store.db.withPlugin(capture);
const plans: string[] = [];

async function planOf(name: string, query: Query) {
  captured.length = 0;
  await searchAccounts(planned, query, new Date());
  plans.push(`\n${name} (${JSON.stringify(query.q)}${query.cursor ? ', deep page' : ''}):`);
  for (const node of [...captured]) {
    const compiled = store.db.getExecutor().compileQuery(node, { queryId: 'plan' });
    const explain = store.dialect === 'postgres' ? 'explain ' : 'explain query plan ';
    const result = await store.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]),
    );
    plans.push(`  ${compiled.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    for (const row of result.rows)
      plans.push(`    ${String(row['detail'] ?? row['queryPlan'] ?? row['QUERY PLAN'] ?? JSON.stringify(row)).replace(/\n/g, ' ')}`);
  }
}

async function measure(name: string, query: (i: number) => Query, runs = samples) {
  const server = await percentiles((i) => searchAccounts(store.db, query(i), new Date()), runs);
  const overHttp = await percentiles((i) => http.get('/admin/v1/accounts', { params: query(i) }), runs);
  console.log(
    `${name.padEnd(44)} server p50 ${server[0].padStart(7)} p95 ${server[1].padStart(7)} ms   HTTP p50 ${overHttp[0].padStart(7)} p95 ${overHttp[1].padStart(7)} ms`,
  );
  await planOf(name, query(0));
}

/** The cursor after `pages` pages of 50, found by walking them. */
async function cursorAfter(q: string, pages: number): Promise<string> {
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await searchAccounts(store.db, { q, cursor, limit: 50 }, new Date());
    if (!page.nextCursor) throw new Error(`"${q}" has fewer than ${pages} pages`);
    cursor = page.nextCursor;
  }
  return cursor ?? '';
}

const names = ['anna', 'ben', 'zoe', 'marco', 'tara'];
const surnames = ['schmidt', 'tanaka', 'novak', 'rossi'];
const digits = (i: number) => String(100_000 + ((i * 7919) % Math.max(1, count - 100_000))).slice(0, 5);
console.log(
  `\nSearch over ${count} accounts on ${store.dialect} (50 results a page, ${samples} samples each; target: server p95 ≤ 5 ms per kind at 1M, ≤ 10 ms at 10M, substrings ≤ 30 ms at 10M):`,
);
await measure('exact login', (i) => ({ q: `anna.schmidt.${(i * 22 * 15) % count}@northwind.example` }));
await measure('login prefix', (i) => ({ q: `${names[i % names.length]}.` }));
await measure('name prefix', (i) => ({ q: names[i % names.length] ?? 'anna' }));
await measure('surname prefix', (i) => ({ q: surnames[i % surnames.length] ?? 'schmidt' }));
await measure('two words, name prefix', (i) => ({ q: `${names[i % names.length]} ${surnames[i % surnames.length]?.slice(0, 4)}` }));
await measure('one letter (worst case)', (i) => ({ q: 'abcdefghijklmnopqrstuvwxyz'[i % 26] ?? 'a' }));
await measure('substring, common ("chmidt")', () => ({ q: 'chmidt' }));
await measure('substring, rare (5 digits)', (i) => ({ q: digits(i) }));
await measure('substring, two words', (i) => ({ q: `${['nna', 'ara', 'ven'][i % 3]} ${['chmi', 'anak', 'ossi'][i % 3]}` }));
await measure('@domain', (i) => ({ q: `@${['contoso', 'fabrikam', 'tailspin'][i % 3]}.example` }));

const deep = Math.min(100, Math.floor(count / 22 / 50) - 1);
console.log(`\nDeep pages (page ${deep + 1} by cursor) beside page 1 (target: within 1.5× of page 1):`);
for (const q of ['anna', 'schmidt', '@contoso.example', 'chmidt']) {
  const cursor = await cursorAfter(q, deep);
  await measure(`"${q}" page 1`, () => ({ q }));
  await measure(`"${q}" page ${deep + 1}`, () => ({ q, cursor }));
}
// The page where one bucket ends and the next begins reads past the next bucket's accounts already listed.
const lastAnna = await store.db
  .selectFrom('accounts')
  .select((eb) => eb.fn.max('loginNorm').as('login'))
  .where('loginNorm', '>=', 'anna')
  .where('loginNorm', '<', 'anna\uffff')
  .executeTakeFirstOrThrow();
// Few runs: this page is the slow one (see the README).
await measure(
  '"anna": page where logins end, names begin',
  () => ({ q: 'anna', cursor: encodeCursor('login', String(lastAnna.login), '') }),
  10,
);

console.log('\nQuery plans:');
for (const line of plans) console.log(line);
console.log('');
await measureSearchUnderLoad(http, count, samples);
measureTotpVerification();
await app.close();
// Its target is SQLite's, and it generates its own organisation, which a full PostgreSQL database refuses.
if (store.dialect === 'sqlite') await measureCodeVerification();
else console.log('Code verifications/s: measured on SQLite (run this bench without MFA_DESK_DATABASE_URL).');
await store.close();
