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

export async function startServerProcess(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/server.ts', '--data', dataDir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what the test names: no MFA_DESK_* setting of the machine running the tests leaks in.
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const announced = /^\{"listening":"([^"]+)"/.exec(line);
      if (announced?.[1]) resolve(announced[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    signal(signal) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
