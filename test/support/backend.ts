/** Starts the real backend on a loopback port with a temporary SQLite database, for integration tests. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { generateSync } from 'otplib';
import { buildApp } from '../../src-server/app.js';
import { appDeps } from '../../src-server/appDeps.js';
import { seedDemo, type DemoCredentials } from '../../src-server/cli/seedDemo.js';
import { loadConfig } from '../../src-server/config.js';
import { createAgent } from '../../src-server/domain/agents/signIn.js';
import type { Clock } from '../../src-server/domain/platform/clock.js';
import { createSecretBox, type SecretBox } from '../../src-server/domain/credentials/secretBox.js';
import { openStore, type Store } from '../../src-server/store/openStore.js';
import type { Role } from '../../src-shared/domain.js';
import type { Mailer } from '../../src-server/domain/mail/notifications.js';
import { startNginxFront, type NginxFront } from './nginxFront.js';

/** A clock the test moves by hand; starts at the real time so codes look like a phone's. */
export class TestClock implements Clock {
  private t = Date.now();
  now = () => new Date(this.t);
  advance(seconds: number) {
    this.t += seconds * 1000;
  }
  /** Moves to the start of the next 30-second step, so a fresh code exists. */
  nextStep() {
    this.t = (Math.floor(this.t / 30_000) + 1) * 30_000 + 1000;
  }
}

export interface TestBackend {
  url: string;
  dir: string;
  store: Store;
  box: SecretBox;
  clock: TestClock;
  http: AxiosInstance;
  demo: DemoCredentials | null;
  codeFor(secret: string, offsetSeconds?: number): string;
  createAgent(role: Role): Promise<{ email: string; password: string; totpSecret: string }>;
  /** Signs an agent in and returns an axios instance carrying its bearer token. */
  agentHttp(agent: { email: string; password: string; totpSecret: string }): Promise<AxiosInstance>;
  /** Another backend instance on the same database (its own connection and app); closed with this one. */
  startInstance(): Promise<{ url: string; http: AxiosInstance; store: Store }>;
  /** Resolves when this backend has received a request whose path starts with `pathPrefix` (its headers read). */
  requestReceived(pathPrefix: string): Promise<void>;
  close(): Promise<void>;
}

let agentCounter = 0;

export interface BackendOptions {
  demo?: boolean;
  /** Extra MFA_DESK_* settings, as the environment would give them. */
  env?: Record<string, string>;
  /** Where e-mails to users go (an SMTP test receiver); none keeps them in the outbox. */
  mailer?: Mailer | null;
}

/**
 * With MFA_DESK_TEST_POSTGRES_URL set (npm run test:postgres does it), every backend gets a fresh
 * PostgreSQL database instead of a SQLite file, so the same tests prove the PostgreSQL path.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const server = process.env['MFA_DESK_TEST_POSTGRES_URL'];
  if (!server) return null;
  const name = `mfa_desk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      // A closed pool resolves before its connections have finished closing; forcing the drop while one
      // still closes would fail that connection loudly. Wait (bounded) for them to be gone first.
      for (let tries = 0; tries < 200; tries++) {
        const open = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * With MFA_DESK_TEST_NGINX=1 (npm run test:scaleout), a backend is three instances on its database, each
 * with its own pool and port, behind a real nginx that deals requests round-robin, and `url`/`http`
 * lead to nginx. The instances run in this process so the test's hand-moved clock is theirs too.
 */
async function scaleOutFront(
  config: ReturnType<typeof loadConfig>,
  ownUrl: string,
  listen: (store: Store) => Promise<{ app: { close(): Promise<unknown> }; url: string }>,
  instances: Array<() => Promise<void>>,
): Promise<NginxFront | null> {
  if (process.env['MFA_DESK_TEST_NGINX'] !== '1') return null;
  const urls = [ownUrl];
  for (let i = 0; i < 2; i++) {
    const instanceStore = await openStore(config);
    const instance = await listen(instanceStore);
    urls.push(instance.url);
    instances.push(async () => {
      await instance.app.close();
      await instanceStore.close();
    });
  }
  return startNginxFront(urls);
}

export async function startBackend(options: BackendOptions = {}): Promise<TestBackend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-test-'));
  const postgres = await freshPostgresDatabase();
  const config = loadConfig({ data: dir, port: '0' }, { ...options.env, ...(postgres ? { MFA_DESK_DATABASE_URL: postgres.url } : {}) });
  const overrides = { mailer: options.mailer };
  const store = await openStore(config);
  const box = createSecretBox(config.encryptionKey);
  const clock = new TestClock();
  const demo = options.demo ? await seedDemo(store.db, box, dir, clock.now()) : null;
  const listen = async (instanceStore: Store) => {
    const instance = await buildApp(
      appDeps({
        config,
        store: instanceStore,
        box,
        clock,
        ...(overrides.mailer !== undefined ? { mailer: overrides.mailer } : {}),
      }),
    );
    return { app: instance, url: await instance.listen({ host: '127.0.0.1', port: 0 }) };
  };
  const { app, url: ownUrl } = await listen(store);
  const instances: Array<() => Promise<void>> = [];
  const front = await scaleOutFront(config, ownUrl, listen, instances);
  const url = front?.url ?? ownUrl;
  const http = axios.create({ baseURL: url, validateStatus: () => true });
  const codeFor = (secret: string, offsetSeconds = 0) =>
    generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });
  return {
    url,
    dir,
    store,
    box,
    clock,
    http,
    demo,
    codeFor,
    async createAgent(role) {
      const email = `${role}${++agentCounter}@desk.test`;
      const password = `correct horse ${agentCounter}`;
      const { totpSecret } = await createAgent(store.db, box, { email, displayName: `Test ${role}`, role, password }, clock.now());
      return { email, password, totpSecret };
    },
    async agentHttp(agent) {
      clock.nextStep();
      const res = await http.post('/admin/v1/sessions', { email: agent.email, password: agent.password, code: codeFor(agent.totpSecret) });
      if (res.status !== 201) throw new Error(`agent sign-in failed: ${res.status} ${JSON.stringify(res.data)}`);
      return axios.create({ baseURL: url, validateStatus: () => true, headers: { authorization: `Bearer ${res.data.token}` } });
    },
    async startInstance() {
      const instanceStore = await openStore(config);
      const instance = await listen(instanceStore);
      instances.push(async () => {
        await instance.app.close();
        await instanceStore.close();
      });
      return { url: instance.url, http: axios.create({ baseURL: instance.url, validateStatus: () => true }), store: instanceStore };
    },
    requestReceived(pathPrefix) {
      return new Promise((resolve) => {
        const seen = (request: IncomingMessage) => {
          if (!request.url?.startsWith(pathPrefix)) return;
          app.server.off('request', seen);
          resolve();
        };
        app.server.on('request', seen);
      });
    },
    async close() {
      await front?.close();
      for (const closeInstance of instances.splice(0)) await closeInstance();
      await app.close();
      await store.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
