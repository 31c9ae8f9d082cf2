/**
 * `GET /admin/v1/reports/mfa` against a generated organisation (default 1,000,000 accounts,
 * BENCH_ACCOUNTS to change), through the real HTTP API on loopback. Prints the first (cold) call and
 * p50/p95 of the warm ones. Reuses bench/results/org-<n> when present; generates it once otherwise.
 * On PostgreSQL when MFA_DESK_DATABASE_URL is set, like `npm run bench`.
 *   npx tsx bench/report.ts
 */
import axios from 'axios';
import { generateSync } from 'otplib';
import { buildApp } from '../src-server/app.js';
import { appDeps } from '../src-server/appDeps.js';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { systemClock } from '../src-server/domain/platform/clock.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { openStore } from '../src-server/store/openStore.js';
import { organisationOnce } from './generateOrganisation.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const times = Number(process.env['BENCH_REPORT_RUNS'] ?? 20);
const dataDir = `bench/results/org-${count}`;
// On PostgreSQL when MFA_DESK_DATABASE_URL is set (an empty database, or one a bench filled before).
const config = loadConfig({ data: dataDir }, process.env);
await organisationOnce(dataDir, count);
const opening = process.hrtime.bigint();
// The first open after a schema change builds the report's indexes; say so rather than hide it in a figure.
const store = await openStore(config);
console.log(`Opened ${dataDir} (migrations included) in ${(Number(process.hrtime.bigint() - opening) / 1e6).toFixed(0)} ms`);
const box = createSecretBox(config.encryptionKey);
const password = 'benchmark password';
const email = `bench-report-${Date.now()}@desk.example`;
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Bench', role: 'auditor', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const session = await axios.post(`${url}/admin/v1/sessions`, { email, password, code: generateSync({ secret: totpSecret }) });
const http = axios.create({ baseURL: url, headers: { authorization: `Bearer ${session.data.token}` } });

async function once(): Promise<{
  ms: number;
  data: { totals: { accounts: number; coverage: number }; locked: number; byDomain: unknown[]; coverageSeries: unknown[] };
}> {
  const t = process.hrtime.bigint();
  const res = await http.get('/admin/v1/reports/mfa');
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, data: res.data };
}

const cold = await once();
const samples: number[] = [];
for (let i = 0; i < times; i++) samples.push((await once()).ms);
samples.sort((a, b) => a - b);
const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
const { totals, locked, byDomain, coverageSeries } = cold.data;
console.log(
  `\nMFA report over ${totals.accounts} accounts, ${locked} locked now (HTTP, loopback; ${byDomain.length} domains, ${coverageSeries.length} days of coverage, coverage ${(totals.coverage * 100).toFixed(1)} %):`,
);
console.log(
  `first call ${cold.ms.toFixed(1).padStart(8)} ms   p50 ${p(0.5).padStart(8)} ms   p95 ${p(0.95).padStart(8)} ms   (${times} warm calls; target ≤ 50 ms, first call included)`,
);
await app.close();
await store.close();
