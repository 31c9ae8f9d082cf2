/**
 * A request's Host header is the sender's to choose. If links in e-mails were built from it, anyone
 * able to trigger a reset could have the user's link point at their own site and collect the token.
 * Links come from configuration only: the configured public URL, or — with none — the address the
 * backend itself listens on, fixed at start. Attacked here with Host, X-Forwarded-Host,
 * X-Forwarded-Proto and Forwarded, on the in-process backend, the backend as deployed, and the
 * console's embedded default.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBackend } from '../../../src-main/services/embeddedBackend.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { dataDirWithAgents, startServerProcess, type TestAgent } from '../../support/serverProcess.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser } from '../../support/users.js';

const ATTACKER = 'attacker.example';
/** Every header a proxy-aware server might read the public host or scheme from. */
const FOREIGN = {
  host: ATTACKER,
  'x-forwarded-host': ATTACKER,
  'x-forwarded-proto': 'http',
  'x-forwarded-port': '8443',
  forwarded: `host=${ATTACKER};proto=http`,
  'x-original-host': ATTACKER,
};
const resetBody = { channel: 'email', reason: 'New phone', ticketRef: 'T-404', revokeOldNow: false };
const key = () => ({ 'idempotency-key': randomUUID() });

/** Every link in the e-mails that reached `login`. */
async function linksTo(smtp: SmtpReceiver, login: string, count: number): Promise<string[]> {
  const links = () =>
    smtp.messages.filter((m) => m.to?.[0]?.address === login).flatMap((m) => (m.text ?? '').match(/\bhttps?:\/\/\S+/g) ?? []);
  await expect.poll(() => links().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return links();
}

/** Starts a reset and re-sends it, both asked with foreign headers; returns the two links e-mailed. */
async function resetAndResend(console: AxiosInstance, smtp: SmtpReceiver, accountId: string, login: string) {
  const started = await console.post(`/admin/v1/accounts/${accountId}/mfa/reset`, resetBody, { headers: { ...FOREIGN, ...key() } });
  expect(started.status).toBe(201);
  expect(JSON.stringify(started.data)).not.toContain(ATTACKER);
  const resent = await console.post(`/admin/v1/enrollment-tickets/${started.data.id}/resend`, {}, { headers: FOREIGN });
  expect(resent.status).toBe(200);
  return linksTo(smtp, login, 2);
}

function expectLinksTo(links: string[], base: string) {
  expect(links).toHaveLength(2);
  for (const link of links) {
    expect(link).not.toContain(ATTACKER);
    expect(link.startsWith(`${base}/account/enrol#ticket=`), link).toBe(true);
  }
}

describe('links with a configured public URL', () => {
  let smtp: SmtpReceiver;
  let backend: TestBackend;
  let admin: AxiosInstance;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
    admin = await backend.agentHttp(await backend.createAgent('admin'));
  });
  afterAll(async () => {
    await backend?.close();
    await smtp?.close();
  });

  it('name only the configured URL, whatever Host and X-Forwarded-* say', async () => {
    const user = await createUser(backend, admin, 'hannah.host@corp.example');
    expectLinksTo(await resetAndResend(admin, smtp, user.id, user.login), 'https://mfa.example.test');
  });

  it('are never echoed from a foreign Host by the pages, the API description or the outbox', async () => {
    for (const url of ['/account', '/account/enrol', '/openapi.json', '/admin/v1/outbox']) {
      const res = await admin.get<string>(url, { headers: FOREIGN, responseType: 'text', transformResponse: [(d: unknown) => d] });
      expect(res.status, url).toBe(200);
      expect(res.data, url).not.toContain(ATTACKER);
      expect(JSON.stringify(res.headers), url).not.toContain(ATTACKER);
    }
  });
});

describe('links without a configured public URL', () => {
  it('name the in-process backend’s own listen address', async () => {
    const smtp = await startSmtpReceiver();
    const backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
    try {
      const admin = await backend.agentHttp(await backend.createAgent('admin'));
      const user = await createUser(backend, admin, 'ian.inprocess@corp.example');
      expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expectLinksTo(await resetAndResend(admin, smtp, user.id, user.login), backend.url);
    } finally {
      await backend.close();
      await smtp.close();
    }
  });

  describe('the backend as deployed (server.ts, no --public-url)', () => {
    let smtp: SmtpReceiver;
    let server: Awaited<ReturnType<typeof startServerProcess>>;
    let admin: TestAgent;

    beforeAll(async () => {
      smtp = await startSmtpReceiver();
      const prepared = await dataDirWithAgents(['admin']);
      admin = prepared.agents['admin']!;
      server = await startServerProcess(prepared.dataDir, ['--smtp-url', smtp.url]);
    });
    afterAll(async () => {
      await server?.stop();
      await smtp?.close();
    });

    it('names the address it listens on', async () => {
      const http = axios.create({ baseURL: server.url, validateStatus: () => true });
      const code = generateSync({ secret: admin.totpSecret });
      const session = await http.post('/admin/v1/sessions', { email: admin.email, password: admin.password, code });
      expect(session.status).toBe(201);
      http.defaults.headers.common['authorization'] = `Bearer ${session.data.token}`;
      const login = 'dora.deployed@corp.example';
      const created = await http.post('/admin/v1/accounts', { login, displayName: 'Dora Deployed', department: 'QA' });
      expect(created.status).toBe(201);
      expectLinksTo(await resetAndResend(http, smtp, created.data.id, login), server.url);
      // It listens on loopback, so there is nothing to warn about.
      expect(server.output()).not.toContain('MFA_DESK_PUBLIC_URL is not set');
    });
  });

  it('the console’s embedded default names its own loopback address, set explicitly at start', async () => {
    const smtp = await startSmtpReceiver();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-embedded-'));
    // The embedded backend takes the console's environment: here, where its e-mails go.
    process.env['MFA_DESK_SMTP_URL'] = smtp.url;
    const embedded = await startEmbeddedBackend({
      serverEntry: path.resolve('src-server/server.ts'),
      nodeBinary: process.execPath,
      nodeArgs: ['--import', 'tsx'],
      dataDir,
    });
    delete process.env['MFA_DESK_SMTP_URL'];
    try {
      expect(embedded.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The session the embedded backend handed its console at start.
      expect(embedded.bootstrapToken).toEqual(expect.any(String));
      const http = axios.create({
        baseURL: embedded.url,
        validateStatus: () => true,
        headers: { authorization: `Bearer ${embedded.bootstrapToken}` },
      });
      const found = await http.get('/admin/v1/accounts', { params: { q: '@contoso.example', limit: 1 } });
      const account = found.data.items[0] as { id: string; login: string };
      expectLinksTo(await resetAndResend(http, smtp, account.id, account.login), embedded.url);
    } finally {
      await embedded.stop();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
