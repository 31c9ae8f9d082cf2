/**
 * The audit log at a million events: listing, filtering, the chain check and a streamed export,
 * through the real HTTP API on loopback, then the offline verifier on the exported file. Prints events/s
 * of the check and the export (target ≥ 100,000/s), the export's first byte, and how much the process's
 * memory grew while it streamed (target +50 MB at most).
 *   npx tsx bench/auditAtScale.ts            (BENCH_AUDIT_EVENTS to change the size)
 * The log is generated once into bench/results/audit-<n> (git-ignored): correctly chained events,
 * as a busy organisation's sign-ins would leave them.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import axios from 'axios';
import { generateSync } from 'otplib';
import { buildApp } from '../src-server/app.js';
import { appDeps } from '../src-server/appDeps.js';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { detailsHashOf, eventHash, GENESIS_HASH } from '../src-server/domain/audit/chain.js';
import { systemClock } from '../src-server/domain/platform/clock.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { openStore, type Store } from '../src-server/store/openStore.js';
import type { AuditEventsTable } from '../src-server/store/schema.js';
import type { Insertable } from 'kysely';
import { generateOrganisation } from './generateOrganisation.js';

const events = Number(process.env['BENCH_AUDIT_EVENTS'] ?? 1_000_000);
const dataDir = `bench/results/audit-${events}`;

async function generateLog(store: Store) {
  const accounts = await store.db.selectFrom('accounts').select(['id', 'login']).limit(10_000).execute();
  const last = await store.db.selectFrom('auditEvents').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const start = Date.now() - events * 1000;
  const actions = ['user.login.succeeded', 'user.mfa.succeeded', 'user.mfa.failed'] as const;
  for (let done = 0; done < events; done += 1000) {
    const batch: Insertable<AuditEventsTable>[] = [];
    for (let k = done; k < Math.min(events, done + 1000); k++) {
      const account = accounts[k % accounts.length]!;
      const details = JSON.stringify({ n: k });
      const row = {
        at: new Date(start + k * 1000).toISOString(),
        actorType: 'user' as const,
        actorId: account.id,
        actorLabel: account.login,
        action: actions[k % 3]!,
        accountId: account.id,
        accountLogin: account.login,
        reason: null,
        ticketRef: null,
        details,
        detailsHash: detailsHashOf(details),
        prevHash,
      };
      prevHash = eventHash(row);
      batch.push({ ...row, hash: prevHash });
    }
    await store.db.transaction().execute((tx) => tx.insertInto('auditEvents').values(batch).execute());
    if ((done + 1000) % 200_000 === 0) console.log(`  ${done + 1000} events`);
  }
}

if (!existsSync(`${dataDir}/mfa-desk.sqlite`)) {
  console.log(`Generating 10,000 accounts and ${events} audit events into ${dataDir} (once)…`);
  await generateOrganisation(dataDir, 10_000);
  const store = await openStore(loadConfig({ data: dataDir }, {}));
  await generateLog(store);
  await store.close();
}
const config = loadConfig({ data: dataDir }, {});
const store = await openStore(config);
const box = createSecretBox(config.encryptionKey);
const email = `bench-audit-${Date.now()}@desk.example`;
const password = 'benchmark password';
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Bench', role: 'auditor', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const session = await axios.post(`${url}/admin/v1/sessions`, { email, password, code: generateSync({ secret: totpSecret }) });
const http = axios.create({ baseURL: url, headers: { authorization: `Bearer ${session.data.token}` }, timeout: 0 });

async function timed<T>(name: string, act: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await act();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s`);
  return { result, seconds };
}

const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en');

console.log(`\nThe audit log with ${events} events (HTTP, loopback):`);
await timed('first page (500, newest first)', () => http.get('/admin/v1/audit', { params: { limit: 500 } }));
await timed('filtered by action, first page', () => http.get('/admin/v1/audit', { params: { action: 'user.mfa.failed', limit: 500 } }));
const verify = await timed('verify the whole chain', () => http.get('/admin/v1/audit/verify'));
const verifySeconds = verify.seconds;
console.log(
  `  ${JSON.stringify({ intact: verify.result.data.intact, checked: verify.result.data.checked })}, ${rate(verify.result.data.checked, verifySeconds)} events/s (target ≥ 100,000/s)`,
);
const file = `${dataDir}/export.jsonl`;
// Memory: the process's resident size before the export, and the most it reached while streaming.
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
let firstByte = 0;
const started = performance.now();
const exported = await timed('export the whole log as JSON Lines', async () => {
  const response = await http.get<Readable>('/admin/v1/audit/export', { params: { format: 'jsonl' }, responseType: 'stream' });
  response.data.once('data', () => (firstByte = performance.now() - started));
  await pipeline(response.data, createWriteStream(file));
  return Number(response.headers['x-audit-event-count']);
});
clearInterval(sampler);
console.log(
  `  ${(statSync(file).size / 1e6).toFixed(0)} MB, ${exported.result} events, ${rate(exported.result, exported.seconds)} events/s (target ≥ 100,000/s); first byte after ${firstByte.toFixed(0)} ms; memory +${((peak - before) / 1e6).toFixed(0)} MB at most while streaming (target ≤ +50 MB)`,
);
const offline = await timed('verify the export offline', async () =>
  execFileSync('npx', ['tsx', 'scripts/verify-audit-export.ts', file], { stdio: 'ignore' }),
);
console.log(`  ${rate(exported.result, offline.seconds)} events/s`);
await app.close();
await store.close();
