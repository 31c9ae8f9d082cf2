import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let admin: AxiosInstance;

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  const demoAdmin = backend.demo!.agents.find((a) => a.role === 'admin')!;
  admin = await backend.agentHttp(demoAdmin);
});
afterAll(() => backend.close());

describe('agent sign-in', () => {
  it('needs the password and the agent’s own current code, and a code signs in only once', async () => {
    const agent = await backend.createAgent('agent');
    backend.clock.nextStep();
    const code = backend.codeFor(agent.totpSecret);
    const wrongPassword = await backend.http.post('/admin/v1/sessions', { email: agent.email, password: 'nope', code });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.headers['content-type']).toContain('application/problem+json');
    const ok = await backend.http.post('/admin/v1/sessions', { email: agent.email, password: agent.password, code });
    expect(ok.status).toBe(201);
    expect(ok.data.agent).toMatchObject({ email: agent.email, role: 'agent' });
    expect(Date.parse(ok.data.expiresAt) - backend.clock.now().getTime()).toBeLessThanOrEqual(30 * 60 * 1000);
    const replay = await backend.http.post('/admin/v1/sessions', { email: agent.email, password: agent.password, code });
    expect(replay.status).toBe(401);
  });

  it('signing out ends the session', async () => {
    const http = await backend.agentHttp(await backend.createAgent('auditor'));
    expect((await http.get('/admin/v1/me')).status).toBe(200);
    expect((await http.delete('/admin/v1/sessions/current')).status).toBe(204);
    expect((await http.get('/admin/v1/me')).status).toBe(401);
  });

  it('agrees with an independent TOTP implementation (oathtool) on the demo admin’s secret', async (context) => {
    if (!existsSync('/usr/bin/oathtool')) context.skip('oathtool is not installed (apt-get install oathtool)');
    const demoAdmin = backend.demo!.agents.find((a) => a.role === 'admin')!;
    backend.clock.nextStep();
    const at = new Date(backend.clock.now()).toISOString().replace('T', ' ').slice(0, 19);
    const code = execFileSync('oathtool', ['--totp', '--base32', '-N', `${at} UTC`, demoAdmin.totpSecret], { encoding: 'utf8' }).trim();
    const res = await backend.http.post('/admin/v1/sessions', { email: demoAdmin.email, password: demoAdmin.password, code });
    expect(res.status).toBe(201);
  });
});

describe('account search and detail', () => {
  it('finds accounts by login prefix, name, surname and @domain, page by page', async () => {
    const someone = (await admin.get('/admin/v1/accounts', { params: { q: '', limit: 1 } })).data.items[0];
    const [local, domain] = someone.login.split('@');
    const byLogin = await admin.get('/admin/v1/accounts', { params: { q: someone.login.toUpperCase() } });
    expect(byLogin.data.items.map((a: { id: string }) => a.id)).toContain(someone.id);
    const byPrefix = await admin.get('/admin/v1/accounts', { params: { q: `${local.slice(0, 3)}` } });
    expect(
      byPrefix.data.items.every(
        (a: { login: string; displayName: string }) =>
          a.login.startsWith(local.slice(0, 3)) || a.displayName.toLowerCase().includes(local.slice(0, 3)),
      ),
    ).toBe(true);
    const [first, last] = someone.displayName.split(' ');
    const byName = await admin.get('/admin/v1/accounts', { params: { q: first.toLowerCase(), limit: 200 } });
    expect(
      byName.data.items.every(
        (a: { displayName: string; login: string }) => a.displayName.startsWith(first) || a.login.startsWith(first.toLowerCase()),
      ),
    ).toBe(true);
    const bySurname = await admin.get('/admin/v1/accounts', { params: { q: last, limit: 200 } });
    expect(bySurname.data.items.some((a: { id: string }) => a.id === someone.id)).toBe(true);

    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await admin.get('/admin/v1/accounts', { params: { q: `@${domain}`, limit: 40, cursor } });
      expect(page.status).toBe(200);
      for (const a of page.data.items) {
        expect(a.login.endsWith(`@${domain}`)).toBe(true);
        expect(seen.has(a.id)).toBe(false);
        seen.add(a.id);
      }
      cursor = page.data.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    const count = await backend.store.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('domain', '=', domain)
      .executeTakeFirstOrThrow();
    expect(seen.size).toBe(Number(count.n));
  });

  it('shows each account’s true MFA state and its history', async () => {
    for (const state of ['off', 'pending', 'on', 'locked'] as const) {
      const rows = await backend.store.db.selectFrom('accounts').selectAll().execute();
      const row = rows.find((r) => (state === 'locked' ? r.lockedUntil !== null : r.mfaState === state && r.lockedUntil === null))!;
      const detail = await admin.get(`/admin/v1/accounts/${row.id}`);
      expect(detail.status).toBe(200);
      expect(detail.data.mfa.state).toBe(state);
      const events = await admin.get(`/admin/v1/accounts/${row.id}/events`);
      expect(events.data.items[0].accountId).toBe(row.id);
    }
  });

  it('admins create accounts; a login is unique ignoring case', async () => {
    const created = await admin.post('/admin/v1/accounts', {
      login: 'New.Person@Example.org',
      displayName: 'New Person',
      department: 'Sales',
    });
    expect(created.status).toBe(201);
    expect(created.data.mfa.state).toBe('off');
    const duplicate = await admin.post('/admin/v1/accounts', { login: 'new.person@example.ORG', displayName: 'Dup', department: 'Sales' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.data.code).toBe('login_taken');
  });

  it('refuses what a role may not do, and everything without a session', async () => {
    const auditor = await backend.agentHttp(await backend.createAgent('auditor'));
    const res = await auditor.post('/admin/v1/accounts', { login: 'x@example.org', displayName: 'X', department: 'Y' });
    expect(res.status).toBe(403);
    expect((await backend.http.get('/admin/v1/accounts', { params: { q: 'a' } })).status).toBe(401);
    expect(
      (
        await backend.http.get('/admin/v1/accounts', {
          params: { q: 'a' },
          headers: { authorization: 'Bearer not-a-real-token-at-all-xx' },
        })
      ).status,
    ).toBe(401);
  });
});

describe('bad input gets a 4xx problem, never a 500', () => {
  const cases: [string, () => Promise<{ status: number; headers: Record<string, unknown>; data: { code?: string } }>][] = [
    ['malformed JSON', () => backend.http.post('/admin/v1/sessions', '{"email":', { headers: { 'content-type': 'application/json' } })],
    ['wrong types', () => backend.http.post('/admin/v1/sessions', { email: 42, password: [], code: 'abcdef' })],
    ['a code with spaces', () => backend.http.post('/v1/auth/mfa', { mfaToken: 'x', code: '123 456' })],
    ['an unknown content type', () => backend.http.post('/v1/auth/login', 'hello', { headers: { 'content-type': 'text/plain' } })],
    ['a body over the limit', () => backend.http.post('/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) })],
    ['an unknown route', () => backend.http.get('/admin/v1/nothing-here')],
    ['a bad cursor', () => admin.get('/admin/v1/accounts', { params: { q: 'a', cursor: '***' } })],
    ['a limit out of range', () => admin.get('/admin/v1/accounts', { params: { q: 'a', limit: 100000 } })],
    ['an id with odd characters', () => admin.get('/admin/v1/accounts/%27%20or%201=1')],
    ['an unknown account', () => admin.get('/admin/v1/accounts/does-not-exist')],
    ['an events cursor that is not a number', () => admin.get('/admin/v1/accounts/does-not-exist/events', { params: { cursor: 'abc' } })],
  ];
  it.each(cases)('%s', async (_name, send) => {
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.data.code).toMatch(/^[a-z_]+$/);
  });
});

it('serves the OpenAPI document built from the validating schemas', async () => {
  const res = await backend.http.get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.data.openapi).toBe('3.1.0');
  for (const path of [
    '/admin/v1/sessions',
    '/admin/v1/accounts',
    '/admin/v1/accounts/{id}',
    '/admin/v1/accounts/{id}/events',
    '/v1/auth/login',
    '/v1/auth/mfa',
    '/v1/me/mfa/enrollment',
    '/v1/me/mfa/enrollment/confirm',
  ]) {
    expect(Object.keys(res.data.paths)).toContain(path);
  }
  expect(res.data.paths['/admin/v1/sessions'].post.requestBody.content['application/json'].schema.required).toEqual([
    'email',
    'password',
    'code',
  ]);
});
