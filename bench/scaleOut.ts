/**
 * `npm run bench:scaleout` (also the last part of `npm run bench`): the backend as 1, 2 and 3 instances,
 * each its own OS process (`src-server/server.ts`), on one PostgreSQL (a throwaway durable server from
 * Debian's package, or MFA_DESK_DATABASE_URL), loaded round-robin over loopback by this process:
 * - sign-ins per second: a user's full sign-in (password, then a fresh TOTP code), every one audited;
 * - searches per second and their p50/p95: `GET /admin/v1/accounts?q=` with the same number of clients in flight;
 * - audited writes per second: clock checks (an agent's audited action with no password hash), so the
 *   audit chain, not argon2, is what they lean on.
 * Everything (database, instances, load) shares this machine's cores: figures are what it gives, not
 * what more machines would. BENCH_SCALEOUT_SECONDS (per measurement, default 10),
 * BENCH_SCALEOUT_CLIENTS (requests in flight, default 8), BENCH_SCALEOUT_ACCOUNTS (default 20,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import axios, { type AxiosInstance } from 'axios';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { totpCodeAt } from '../src-server/domain/credentials/totp.js';
import { openStore } from '../src-server/store/openStore.js';
import { startThrowawayPostgres } from '../scripts/throwawayPostgres.mjs';
import { GENERATED_PASSWORD, generateOrganisation } from './generateOrganisation.js';

const seconds = Number(process.env['BENCH_SCALEOUT_SECONDS'] ?? 10);
const clients = Number(process.env['BENCH_SCALEOUT_CLIENTS'] ?? 8);
const accounts = Number(process.env['BENCH_SCALEOUT_ACCOUNTS'] ?? 20_000);

const server = process.env['MFA_DESK_DATABASE_URL'] ? null : await startThrowawayPostgres({ durable: true });
const databaseUrl = process.env['MFA_DESK_DATABASE_URL'] ?? server?.url;
if (!databaseUrl) {
  console.log('PostgreSQL is not installed (apt-get install postgresql) and MFA_DESK_DATABASE_URL is not set: no scale-out bench.');
  process.exit(0);
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-scaleout-'));
const env = { MFA_DESK_DATABASE_URL: databaseUrl };
// The organisation generator reads the database from the environment too.
process.env['MFA_DESK_DATABASE_URL'] = databaseUrl;
const instances: { url: string; child: ChildProcess }[] = [];

/** One backend instance as an operator runs it; resolves with the address it announces. */
function startInstance(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/server.ts', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env['PATH'] ?? '', ...env, MFA_DESK_LOG_LEVEL: 'warn' },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const announced = /^\{"listening":"([^"]+)"/.exec(line);
      if (announced?.[1]) resolve({ url: announced[1], child });
    });
    child.once('exit', (code) => reject(new Error(`an instance exited (${code}) before listening`)));
  });
}

/** What a call answered when it was not what the measurement expects, e.g. `POST /v1/auth/mfa 401 code_already_used`. */
type Failure = string | null;
const failure = (what: string, res: { status: number; data: unknown }): Failure =>
  `${what} ${res.status} ${(res.data as { code?: string } | null)?.code ?? ''}`.trim();
const failures: string[] = [];

/** Runs `clients` loops for `seconds`, each calling `one(client, i)`; counts the calls and times them. */
async function load(one: (http: AxiosInstance, i: number) => Promise<Failure>, pool: AxiosInstance[]) {
  const until = Date.now() + seconds * 1000;
  const times: number[] = [];
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const i = next++;
        const t = process.hrtime.bigint();
        const failedAs = await one(pool[i % pool.length]!, i);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (failedAs !== null) {
          failed++;
          failures.push(failedAs);
        }
      }
    }),
  );
  times.sort((a, b) => a - b);
  const p = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
  return { perSecond: ((times.length - failed) / seconds).toFixed(1), p50: p(0.5), p95: p(0.95), failed };
}

try {
  console.log(`Scale-out bench: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}; ${accounts} accounts on PostgreSQL`);
  await generateOrganisation(dataDir, accounts);
  const config = loadConfig({ data: dataDir }, env);
  const store = await openStore(config);
  const box = createSecretBox(config.encryptionKey);
  // Accounts with an authenticator: each one signs in at most once (a code is accepted once per step).
  const enrolled = await store.db
    .selectFrom('accounts')
    .innerJoin('totpFactors', 'totpFactors.accountId', 'accounts.id')
    .select(['accounts.id', 'accounts.login', 'totpFactors.id as factorId', 'totpFactors.secretEnc'])
    .where('accounts.mfaState', '=', 'on')
    .where('accounts.lockedUntil', 'is', null)
    .where('totpFactors.status', '=', 'active')
    .execute();
  const password = 'benchmark password';
  const agentEmail = `bench-scaleout@desk.example`;
  const { totpSecret } = await createAgent(store.db, box, { email: agentEmail, displayName: 'Bench', role: 'admin', password }, new Date());
  await store.close();

  for (let i = 0; i < 3; i++) instances.push(await startInstance());
  const session = await axios.post(`${instances[0]!.url}/admin/v1/sessions`, {
    email: agentEmail,
    password,
    code: totpCodeAt(totpSecret, new Date()),
  });
  const headers = { authorization: `Bearer ${session.data.token}` };
  const agentPool = instances.map(({ url }) => axios.create({ baseURL: url, headers, validateStatus: () => true }));
  const userPool = instances.map(({ url }) => axios.create({ baseURL: url, validateStatus: () => true }));

  let nextUser = 0;
  const signIn = async (http: AxiosInstance) => {
    const user = enrolled[nextUser++];
    if (!user) throw new Error('Out of enrolled accounts: lower BENCH_SCALEOUT_SECONDS or raise BENCH_SCALEOUT_ACCOUNTS.');
    const login = await http.post('/v1/auth/login', { email: user.login, password: GENERATED_PASSWORD });
    if (login.data.status !== 'mfa_required') return failure('POST /v1/auth/login', login);
    const code = totpCodeAt(box.open(user.secretEnc, user.factorId), new Date());
    const mfa = await http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code });
    return mfa.status === 200 ? null : failure('POST /v1/auth/mfa', mfa);
  };
  const queries = ['anna', 'schmidt', 'ben.o', 'rosa tanaka', 'lind', 'priya', 'kow'];
  const search = async (http: AxiosInstance, i: number) => {
    const res = await http.get('/admin/v1/accounts', { params: { q: queries[i % queries.length] } });
    return res.status === 200 ? null : failure('GET /admin/v1/accounts', res);
  };
  // At most ten clock checks per account per window: accounts from the other end of the list, five checks each.
  let checks = 0;
  const clockCheck = async (http: AxiosInstance) => {
    const account = enrolled[enrolled.length - 1 - Math.floor(checks++ / 5)]!;
    const res = await http.post(`/admin/v1/accounts/${account.id}/mfa/clock-check`, { code: '000000' });
    return res.status === 200 ? null : failure('POST …/mfa/clock-check', res);
  };

  const rows: string[][] = [];
  for (const n of [1, 2, 3]) {
    const agents = agentPool.slice(0, n);
    const users = userPool.slice(0, n);
    const signIns = await load((http) => signIn(http), users);
    const searches = await load(search, agents);
    const audited = await load((http) => clockCheck(http), agents);
    rows.push([
      String(n),
      `${signIns.perSecond} (p50 ${signIns.p50} ms)`,
      searches.perSecond,
      `${searches.p50} / ${searches.p95} ms`,
      `${audited.perSecond} (p50 ${audited.p50} ms)`,
      String(signIns.failed + searches.failed + audited.failed),
    ]);
  }
  const header = ['instances', 'sign-ins/s', 'searches/s', 'search p50 / p95', 'audited writes/s', 'failed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${clients} requests in flight, ${seconds} s each, round-robin over the instances:\n`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  const byKind = new Map<string, number>();
  for (const f of failures) byKind.set(f, (byKind.get(f) ?? 0) + 1);
  for (const [kind, n] of byKind) console.log(`failed: ${n} × ${kind}`);
} finally {
  for (const { child } of instances) child.kill('SIGTERM');
  await Promise.all(
    instances.map(({ child }) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))),
  );
  server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
