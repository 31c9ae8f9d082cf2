/**
 * Permissions are declared on the route (its catalogue entry's access), not called in each handler, so
 * forgetting one must not open a route: an admin route without an access rule stops the app from
 * starting, and a declared rule is enforced before the handler runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { appDeps } from '../../../src-server/appDeps.js';
import { loadConfig } from '../../../src-server/config.js';
import { createSecretBox } from '../../../src-server/domain/credentials/secretBox.js';
import { openStore, type Store } from '../../../src-server/store/openStore.js';
import { TestClock } from '../../support/backend.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let handlerRan = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-access-'));
  const config = loadConfig({ data: dir, port: '0' }, {});
  store = await openStore(config);
  app = await buildApp(appDeps({ config, store, box: createSecretBox(config.encryptionKey), clock: new TestClock(), mailer: null }));
});
afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('declarative permissions', () => {
  it('refuses to register an admin route that names no access rule', () => {
    expect(() => app.get('/admin/v1/forgotten', async () => ({ secret: true }))).toThrow(/has no access rule/);
  });

  it('enforces a declared rule before the handler runs', async () => {
    app.get('/admin/v1/declared', { config: { access: 'audit.read' } }, async () => {
      handlerRan++;
      return { ok: true };
    });
    const anonymous = await app.inject({ method: 'GET', url: '/admin/v1/declared' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const forged = await app.inject({ method: 'GET', url: '/admin/v1/declared', headers: { authorization: `Bearer ${'x'.repeat(40)}` } });
    expect(forged.statusCode).toBe(401);
    expect(handlerRan).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/admin/v1/forgotten' })).statusCode).toBe(404);
  });
});
