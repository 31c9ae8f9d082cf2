/**
 * The backend as deployed (`src-server/server.ts` in its own process) on a generated organisation, for
 * benchmarks whose load must not share the server's CPU time with the code that offers it. Generates
 * the organisation once (bench/results/org-<n>, or the empty PostgreSQL database of
 * MFA_DESK_DATABASE_URL), adds an admin agent and signs it in.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { totpCodeAt } from '../src-server/domain/credentials/totp.js';
import { openStore } from '../src-server/store/openStore.js';
import { generateOrganisation } from './generateOrganisation.js';

export interface ServerUnderLoad {
  url: string;
  pid: number;
  /** An admin's bearer header. */
  authorization: string;
  /** Some generated accounts' logins and ids. */
  accounts: Array<{ id: string; login: string }>;
  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startServerUnderLoad(count: number, env: Record<string, string> = {}): Promise<ServerUnderLoad> {
  const dataDir = `bench/results/org-${count}`;
  const config = loadConfig({ data: dataDir }, process.env);
  const store = await openStore(config);
  const have = await store.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(have.n) === 0) {
    console.log(`Generating ${count} accounts (once)…`);
    await generateOrganisation(dataDir, count, (line) => console.log(`  ${line}`));
  }
  const email = `bench-load-${Date.now()}@desk.example`;
  const password = 'benchmark password';
  const { totpSecret } = await createAgent(
    store.db,
    createSecretBox(config.encryptionKey),
    { email, displayName: 'Bench', role: 'admin', password },
    new Date(),
  );
  const accounts = await store.db.selectFrom('accounts').select(['id', 'login']).orderBy('id').limit(2000).execute();
  await store.close();

  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/server.ts', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MFA_DESK_LOG_LEVEL: 'warn', ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const announced = /^\{"listening":"([^"]+)"/.exec(line);
      if (announced?.[1]) resolve(announced[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  const session = await fetch(`${url}/admin/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, code: totpCodeAt(totpSecret, new Date()) }),
  });
  const { token } = (await session.json()) as { token: string };
  const ticks = 100; // USER_HZ on Linux
  return {
    url,
    pid: child.pid!,
    authorization: `Bearer ${token}`,
    accounts,
    cpuSeconds() {
      // /proc/<pid>/stat: fields 14 and 15 are utime and stime, in clock ticks.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    },
  };
}

/** p50/p95/p99 of `times` (ms), as text. */
export function percentilesOf(times: number[]): { p50: string; p95: string; p99: string } {
  const sorted = [...times].sort((a, b) => a - b);
  const p = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
  return { p50: p(0.5), p95: p(0.95), p99: p(0.99) };
}
