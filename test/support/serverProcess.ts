/**
 * The backend as deployed: `src-server/server.ts` in its own process (through tsx), with a data folder
 * of its own, started the way an operator starts it. Tests read what it prints (its logs) and talk
 * to it over HTTP on the address it announces.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src-server/config.js';
import { createAgent } from '../../src-server/domain/agents/signIn.js';
import { createSecretBox } from '../../src-server/domain/credentials/secretBox.js';
import { openStore } from '../../src-server/store/openStore.js';
import type { Role } from '../../src-shared/domain.js';

export interface ServerProcess {
  /** The address it announced on stdout. */
  url: string;
  dataDir: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal (e.g. SIGTERM, as systemd does) and resolves with the exit code once it exited. */
  signal(signal: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

export interface TestAgent {
  email: string;
  password: string;
  totpSecret: string;
}

/** A data folder holding one agent per role, written before the server starts (there is no CLI for agents). */
export async function dataDirWithAgents(roles: Role[]): Promise<{ dataDir: string; agents: Record<string, TestAgent> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-process-'));
  const config = loadConfig({ data: dataDir }, {});
  const store = await openStore({ dataDir });
  const box = createSecretBox(config.encryptionKey);
  const agents: Record<string, TestAgent> = {};
  for (const role of roles) {
    const email = `${role}@desk.test`;
    const password = `correct horse ${role} battery`;
    const { totpSecret } = await createAgent(store.db, box, { email, displayName: `Process ${role}`, role, password }, new Date());
    agents[role] = { email, password, totpSecret };
  }
  await store.close();
  return { dataDir, agents };
}

/** A backend process on a data folder someone else owns (the scale-out test mode's instances share one). */
export interface InstanceProcess {
  url: string;
  output(): string;
  /** Resolves when it has logged receiving a request whose path starts with `pathPrefix` (Fastify's `incoming request`). */
  requestReceived(pathPrefix: string): Promise<void>;
  signal(signal: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, as systemd stops it; resolves once it exited. */
  stop(): Promise<void>;
}

export async function startInstanceProcess(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<InstanceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/server.ts', '--data', dataDir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what the test names: no MFA_DESK_* setting of the machine running the tests leaks in.
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  let output = '';
  const watchers = new Set<{ pathPrefix: string; resolve(): void }>();
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Should this test process end without stopping it (a timed-out hook lost the handle), it goes too.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const announced = /^\{"listening":"([^"]+)"/.exec(line);
      if (announced?.[1]) resolve(announced[1]);
      if (watchers.size > 0 && line.includes('"incoming request"')) {
        const requestUrl = (JSON.parse(line) as { req?: { url?: string } }).req?.url ?? '';
        for (const watcher of watchers)
          if (requestUrl.startsWith(watcher.pathPrefix)) {
            watchers.delete(watcher);
            watcher.resolve();
          }
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    requestReceived: (pathPrefix) => new Promise((resolve) => watchers.add({ pathPrefix, resolve })),
    signal(signal) {
      child.kill(signal);
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startServerProcess(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const instance = await startInstanceProcess(dataDir, args, env);
  return {
    url: instance.url,
    dataDir,
    output: instance.output,
    signal: instance.signal,
    async stop() {
      await instance.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
