/** Starts the real backend on a loopback port with a temporary SQLite database, for integration tests. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
import { startNginxFront } from './nginxFront.js';
import { startInstanceProcess, type InstanceProcess } from './serverProcess.js';

/**
 * A clock the test moves by hand; starts at the real time so codes look like a phone's. Given a file,
 * it also writes its time there (replaced atomically) for instances in other processes to read.
 */
export class TestClock implements Clock {
  private t = Date.now();
  constructor(private readonly file?: string) {
    this.publish();
  }
  now = () => new Date(this.t);
  advance(seconds: number) {
    this.t += seconds * 1000;
    this.publish();
  }
  /** Moves to the start of the next 30-second step, so a fresh code exists. */
  nextStep() {
    this.t = (Math.floor(this.t / 30_000) + 1) * 30_000 + 1000;
    this.publish();
  }
  private publish() {
    if (!this.file) return;
    writeFileSync(`${this.file}.next`, String(this.t));
    renameSync(`${this.file}.next`, this.file);
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
  /**
   * Another backend instance on the same database (its own connection and app; in the scale-out test
   * mode its own process, and `store` is then this test's connection made with its settings); closed with
   * this one. `env` adds settings of its own (another encryption key, say), as a restarted instance would have.
   */
  startInstance(env?: Record<string, string>): Promise<{
    url: string;
    http: AxiosInstance;
    store: Store;
    box: SecretBox;
    requestReceived(pathPrefix: string): Promise<void>;
  }>;
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

/** How a test backend's instances run: in this process, or (scale-out test mode) as processes behind nginx. */
interface Serving {
  url: string;
  requestReceived(pathPrefix: string): Promise<void>;
  /** One more instance: in this process on `store` and `box`, or as a process with `env` added. */
  addInstance(own: { env: Record<string, string>; store: Store; box: SecretBox }): Promise<{
    url: string;
    requestReceived(pathPrefix: string): Promise<void>;
  }>;
  close(): Promise<void>;
}

/** Resolves when `server` has received a request whose path starts with `pathPrefix` (its headers read). */
function requestReceivedBy(server: Server, pathPrefix: string): Promise<void> {
  return new Promise((resolve) => {
    const seen = (request: IncomingMessage) => {
      if (!request.url?.startsWith(pathPrefix)) return;
      server.off('request', seen);
      resolve();
    };
    server.on('request', seen);
  });
}

/** The default: each instance is an app in this process, on its own store, sharing the test's clock object. */
async function serveInProcess(
  config: ReturnType<typeof loadConfig>,
  store: Store,
  box: SecretBox,
  clock: Clock,
  mailer: Mailer | null | undefined,
): Promise<Serving> {
  const apps: Array<{ close(): Promise<unknown> }> = [];
  const listen = async (instanceStore: Store, instanceBox: SecretBox) => {
    const app = await buildApp(
      appDeps({ config, store: instanceStore, box: instanceBox, clock, ...(mailer !== undefined ? { mailer } : {}) }),
    );
    apps.push(app);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url, requestReceived: (pathPrefix: string) => requestReceivedBy(app.server, pathPrefix) };
  };
  const first = await listen(store, box);
  return {
    ...first,
    addInstance: (own) => listen(own.store, own.box),
    async close() {
      for (const app of apps.splice(0).reverse()) await app.close();
    },
  };
}

/**
 * With MFA_DESK_TEST_NGINX=1 (npm run test:scaleout), a backend is three instances, each
 * `src-server/server.ts` in its own process (its own pool, in-process signals, sign-in admission and
 * caches, and its housekeeping), on one PostgreSQL database behind a real nginx that deals requests
 * round-robin; `url`/`http` lead to nginx. They read the test's hand-moved clock from a file
 * (MFA_DESK_TEST_CLOCK_FILE). The test keeps its own store connection to the same database.
 */
async function serveByProcesses(dir: string, env: Record<string, string>): Promise<Serving> {
  const processes: InstanceProcess[] = [];
  const start = async (extra: Record<string, string> = {}) => {
    const instance = await startInstanceProcess(dir, [], { ...env, ...extra });
    processes.push(instance);
    return instance;
  };
  try {
    const three = await Promise.all([start(), start(), start()]);
    const front = await startNginxFront(three.map((instance) => instance.url));
    return {
      url: front.url,
      requestReceived: (pathPrefix) => Promise.race(three.map((instance) => instance.requestReceived(pathPrefix))),
      addInstance: (own) => start(own.env),
      async close() {
        await front.close();
        await Promise.all(processes.splice(0).map((instance) => instance.stop()));
      },
    };
  } catch (error) {
    await Promise.all(processes.map((instance) => instance.stop()));
    throw error;
  }
}

export async function startBackend(options: BackendOptions = {}): Promise<TestBackend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-test-'));
  const postgres = await freshPostgresDatabase();
  const databaseEnv: Record<string, string> = postgres ? { MFA_DESK_DATABASE_URL: postgres.url } : {};
  const config = loadConfig({ data: dir, port: '0' }, { ...options.env, ...databaseEnv });
  const store = await openStore(config);
  const box = createSecretBox(config.encryptionKey, config.oldEncryptionKeys);
  const scaleOut = process.env['MFA_DESK_TEST_NGINX'] === '1';
  if (scaleOut && (!postgres || options.mailer !== undefined))
    throw new Error(
      'The scale-out test mode runs instances as processes on one PostgreSQL (npm run test:scaleout starts it); they cannot use a Mailer object: give MFA_DESK_SMTP_URL.',
    );
  const clockFile = path.join(dir, 'test-clock');
  const clock = new TestClock(scaleOut ? clockFile : undefined);
  const demo = options.demo ? await seedDemo(store.db, box, dir, clock.now()) : null;
  const serving = scaleOut
    ? await serveByProcesses(dir, { ...options.env, ...databaseEnv, MFA_DESK_TEST_CLOCK_FILE: clockFile })
    : await serveInProcess(config, store, box, clock, options.mailer);
  const instanceStores: Store[] = [];
  const url = serving.url;
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
    async startInstance(env = {}) {
      const own = loadConfig({ data: dir, port: '0' }, { ...options.env, ...env, ...databaseEnv });
      const instanceBox = createSecretBox(own.encryptionKey, own.oldEncryptionKeys);
      const instanceStore = await openStore(own);
      instanceStores.push(instanceStore);
      const instance = await serving.addInstance({ env, store: instanceStore, box: instanceBox });
      return {
        url: instance.url,
        http: axios.create({ baseURL: instance.url, validateStatus: () => true }),
        store: instanceStore,
        box: instanceBox,
        requestReceived: instance.requestReceived,
      };
    },
    requestReceived: (pathPrefix) => serving.requestReceived(pathPrefix),
    async close() {
      await serving.close();
      for (const instanceStore of instanceStores.splice(0)) await instanceStore.close();
      await store.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
