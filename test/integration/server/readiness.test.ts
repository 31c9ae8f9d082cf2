/**
 * /readyz beside /healthz: ready when the database answers and is migrated to this version; a clear
 * 503 problem+json otherwise, so a load balancer takes the instance out instead of failing requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios from 'axios';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { appDeps } from '../../../src-server/appDeps.js';
import { loadConfig } from '../../../src-server/config.js';
import { createSecretBox } from '../../../src-server/domain/credentials/secretBox.js';
import { openStore, type Store } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase, TestClock } from '../../support/backend.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A backend whose store the test holds, to take its database away. */
async function backendWithStore(): Promise<{ store: Store; app: FastifyInstance; url: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-ready-'));
  const postgres = await freshPostgresDatabase();
  const config = loadConfig({ data: dir, port: '0' }, postgres ? { MFA_DESK_DATABASE_URL: postgres.url } : {});
  const store = await openStore(config);
  const app = await buildApp(appDeps({ config, store, box: createSecretBox(config.encryptionKey), clock: new TestClock() }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(async () => {
    await app.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, app, url };
}

const get = (url: string) => axios.get(url, { validateStatus: () => true });

describe('/readyz', () => {
  it('is ready when the database answers and every migration is applied', async () => {
    const { url, store } = await backendWithStore();
    cleanups.unshift(() => store.close());
    expect((await get(`${url}/healthz`)).status).toBe(200);
    const ready = await get(`${url}/readyz`);
    expect(ready.status).toBe(200);
    // No mailbox is configured here, so there is none to report.
    expect(ready.data).toEqual({ ready: true, mailboxes: [] });
  });

  it('answers 503 naming the migration when the database is not migrated to this version', async () => {
    const { url, store } = await backendWithStore();
    cleanups.unshift(() => store.close());
    await store.db
      .withoutPlugins()
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0013_job_leases' as never)
      .execute();
    const answer = await get(`${url}/readyz`);
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.data).toMatchObject({ status: 503, code: 'migrations_pending' });
    expect(answer.data.detail).toContain('0013_job_leases');
    expect((await get(`${url}/healthz`)).status).toBe(200);
  });

  it('answers 503 when the database does not answer, while /healthz still says the process is alive', async () => {
    const { url, store } = await backendWithStore();
    await store.close();
    const answer = await get(`${url}/readyz`);
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.data).toMatchObject({ status: 503, code: 'database_unreachable' });
    expect((await get(`${url}/healthz`)).status).toBe(200);
  });
});
