/**
 * The built backend, started exactly as the console's embedded mode starts it, checks e-mails in its
 * worker thread: the worker is an entry of the build beside server.js and rebuilds its DNS resolver
 * from the configured servers. (Under vitest and tsx the worker runs from source; this is the third way.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBackend, type EmbeddedBackend } from '../../src-main/services/embeddedBackend.js';
import { prependHeaders, startMailLab, type MailLab } from '../support/mailFactory.js';
import { OUT } from './harness.js';

let lab: MailLab;
let backend: EmbeddedBackend;
let admin: AxiosInstance;
const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-embedded-mail-'));
const savedDns = process.env['MFA_DESK_DNS_SERVERS'];

beforeAll(async () => {
  lab = await startMailLab();
  // The embedded backend inherits the console's environment; this points its DKIM lookups at the lab.
  process.env['MFA_DESK_DNS_SERVERS'] = lab.servers.join(',');
  backend = await startEmbeddedBackend({ serverEntry: path.join(OUT, 'main', 'server.js'), dataDir, nodeBinary: process.execPath });
  // The demo admin's session the embedded backend hands its console at start.
  admin = axios.create({
    baseURL: backend.url,
    validateStatus: () => true,
    headers: { authorization: `Bearer ${backend.bootstrapToken}` },
  });
});
afterAll(async () => {
  if (savedDns === undefined) delete process.env['MFA_DESK_DNS_SERVERS'];
  else process.env['MFA_DESK_DNS_SERVERS'] = savedDns;
  await backend?.stop();
  await lab?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function accountFor(login: string): Promise<string> {
  const created = await admin.post('/admin/v1/accounts', { login, displayName: 'Embedded User', department: 'QA' });
  expect(created.status).toBe(201);
  return created.data.id;
}

const upload = (accountId: string, raw: Buffer) =>
  admin.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: { 'content-type': 'message/rfc822' } });

describe('the built backend checks e-mails in its worker', () => {
  it('verifies a DKIM-signed request with keys from the configured DNS', async () => {
    const id = await accountFor('ella@embedded.example');
    const res = await upload(id, await lab.sign(lab.message({ from: 'Ella <ella@embedded.example>' }), 'embedded.example'));
    expect(res.status).toBe(201);
    expect(res.data.verdict).toBe('verified');
  });

  it('hands back an upload that is not an e-mail, and refuses 40,000 folded header lines', async () => {
    const id = await accountFor('finn@embedded.example');
    const notMail = await upload(id, Buffer.from('this is not an e-mail'));
    expect(notMail.status).toBe(422);
    expect(notMail.data.code).toBe('no_headers');
    const folded = ['X-Filler: start', ...Array.from({ length: 40_000 }, (_, i) => ` fold ${i}`)].join('\r\n');
    const huge = await upload(id, prependHeaders(lab.message({ from: 'Finn <finn@embedded.example>' }), [folded]));
    expect(huge.status).toBe(422);
    expect(huge.data.code).toBe('message_too_complex');
  });
});
