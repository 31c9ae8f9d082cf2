/**
 * `npm run bench`: account search against a generated organisation (default 1,000,000 accounts,
 * BENCH_ACCOUNTS to change), through the real HTTP API on loopback. Prints p50/p95 per query kind.
 * The organisation is generated once into bench/results/ (git-ignored) and reused.
 */
import { existsSync } from 'node:fs';
import axios from 'axios';
import { generateSync } from 'otplib';
import { appDeps, buildApp } from '../src-server/app.js';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents.js';
import { systemClock } from '../src-server/domain/clock.js';
import { createSecretBox } from '../src-server/domain/secretBox.js';
import { openStore } from '../src-server/store/openStore.js';
import { generateOrganisation } from './generateOrganisation.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const dataDir = `bench/results/org-${count}`;
if (!existsSync(`${dataDir}/mfa-desk.sqlite`)) {
  console.log(`Generating ${count} accounts into ${dataDir} (once)…`);
  await generateOrganisation(dataDir, count, (line) => console.log(`  ${line}`));
}
const config = loadConfig({ data: dataDir }, {});
const store = await openStore(config);
const box = createSecretBox(config.encryptionKey);
const password = 'benchmark password';
const email = `bench-${Date.now()}@desk.example`;
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Bench', role: 'admin', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const session = await axios.post(`${url}/admin/v1/sessions`, { email, password, code: generateSync({ secret: totpSecret }) });
const http = axios.create({ baseURL: url, headers: { authorization: `Bearer ${session.data.token}` } });

async function measure(name: string, run: (i: number) => Promise<unknown>, times = 200) {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`${name.padEnd(34)} p50 ${p(0.5).padStart(8)} ms   p95 ${p(0.95).padStart(8)} ms`);
}

const names = ['anna', 'ben', 'zoe', 'schmidt', 'tanaka', 'marco rossi'];
console.log(`\nSearch over ${count} accounts (HTTP, loopback, 50 results a page):`);
await measure('exact login', (i) => http.get('/admin/v1/accounts', { params: { q: `anna.schmidt.${i * 22}@northwind.example` } }));
await measure('login prefix', (i) => http.get('/admin/v1/accounts', { params: { q: `${names[i % 3]}.` } }));
await measure('name or surname prefix', (i) => http.get('/admin/v1/accounts', { params: { q: names[i % names.length] } }));
await measure('one letter (worst case)', (i) => http.get('/admin/v1/accounts', { params: { q: 'abcdefghijklmnopqrstuvwxyz'[i % 26] } }));
await measure('@domain', (i) =>
  http.get('/admin/v1/accounts', { params: { q: `@${['contoso', 'fabrikam', 'tailspin'][i % 3]}.example` } }),
);
let cursor: string | null = null;
await measure('@domain, next page by cursor', async () => {
  const res = await http.get('/admin/v1/accounts', { params: { q: '@contoso.example', cursor: cursor ?? undefined } });
  cursor = res.data.nextCursor;
});
const some = (await http.get('/admin/v1/accounts', { params: { q: 'zoe', limit: 200 } })).data.items as { id: string }[];
await measure('account detail', (i) => http.get(`/admin/v1/accounts/${some[i % some.length]!.id}`));
await app.close();
await store.close();
