import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axios, { type AxiosInstance } from 'axios';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let admin: AxiosInstance;
let adminId: string;

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  adminId = (await admin.get('/admin/v1/me')).data.id;
});
afterAll(() => backend.close());

let counter = 0;
/** Invites an agent and returns what the admin hands over: the password and the secret in the QR code. */
async function invite(role: 'agent' | 'auditor' | 'admin') {
  const email = `new.${role}.${++counter}@desk.test`;
  const res = await admin.post('/admin/v1/agents', { email, displayName: `New ${role}`, role, reason: 'Joined the desk' });
  expect(res.status).toBe(201);
  const secret = secretFromOtpauth(readQrDataUrl(res.data.totp.qrCodeDataUrl));
  expect(res.data.totp.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  return { id: res.data.agent.id as string, email, password: res.data.oneTimePassword as string, totpSecret: secret };
}

/** Signs in; an invited agent's first act is to replace the one-time password, as the console makes them do. */
async function signIn(agent: { email: string; password: string; totpSecret: string }) {
  backend.clock.nextStep();
  const res = await backend.http.post('/admin/v1/sessions', {
    email: agent.email,
    password: agent.password,
    code: backend.codeFor(agent.totpSecret),
  });
  if (res.status === 201 && res.data.agent.mustChangePassword) {
    const newPassword = `${agent.password}-own`;
    await backend.http.post(
      '/admin/v1/me/password',
      { currentPassword: agent.password, newPassword },
      { headers: { authorization: `Bearer ${res.data.token}` } },
    );
    agent.password = newPassword;
  }
  return res;
}

const lastAudit = async (action: string) => (await admin.get('/admin/v1/audit', { params: { action, limit: 1 } })).data.items[0];

describe('inviting an agent', () => {
  it('gives a one-time password and a QR code that sign the new agent in, and audits it', async () => {
    const fresh = await invite('agent');
    const res = await signIn(fresh);
    expect(res.status).toBe(201);
    expect(res.data.agent).toMatchObject({ id: fresh.id, role: 'agent' });
    expect(await lastAudit('agent.invited')).toMatchObject({
      actorId: adminId,
      reason: 'Joined the desk',
      details: { agentId: fresh.id, role: 'agent' },
    });
    const row = await backend.store.db.selectFrom('agents').select('totpSecretEnc').where('id', '=', fresh.id).executeTakeFirstOrThrow();
    expect(row.totpSecretEnc).not.toContain(fresh.totpSecret);
  });

  it('refuses an e-mail already taken (ignoring case) and a role that does not exist', async () => {
    const fresh = await invite('auditor');
    expect(
      (await admin.post('/admin/v1/agents', { email: fresh.email.toUpperCase(), displayName: 'Again', role: 'agent' })).data.code,
    ).toBe('agent_exists');
    expect((await admin.post('/admin/v1/agents', { email: 'x@desk.test', displayName: 'X', role: 'superuser' })).status).toBe(400);
  });

  it('lists agents with their state, never their secrets', async () => {
    const res = await admin.get('/admin/v1/agents');
    expect(res.status).toBe(200);
    expect(res.data.items.length).toBeGreaterThan(1);
    expect(JSON.stringify(res.data)).not.toMatch(/passwordHash|totpSecret|\$argon2|\$scrypt/);
  });
});

describe('changing an agent', () => {
  it('changes the role, which the server applies on the next request', async () => {
    const fresh = await invite('agent');
    const http = axios.create({
      baseURL: backend.url,
      validateStatus: () => true,
      headers: { authorization: `Bearer ${(await signIn(fresh)).data.token}` },
    });
    expect((await http.get('/admin/v1/audit')).status).toBe(403);
    const res = await admin.patch(`/admin/v1/agents/${fresh.id}`, { role: 'auditor', reason: 'Moved to compliance' });
    expect(res.data.role).toBe('auditor');
    expect((await http.get('/admin/v1/audit')).status).toBe(200);
    expect(await lastAudit('agent.role.changed')).toMatchObject({
      reason: 'Moved to compliance',
      details: { agentId: fresh.id, from: 'agent', to: 'auditor' },
    });
  });

  it('disabling ends the agent’s sessions and sign-ins; re-enabling lets them back', async () => {
    const fresh = await invite('agent');
    const http = axios.create({
      baseURL: backend.url,
      validateStatus: () => true,
      headers: { authorization: `Bearer ${(await signIn(fresh)).data.token}` },
    });
    const res = await admin.patch(`/admin/v1/agents/${fresh.id}`, { disabled: true, reason: 'Left the company' });
    expect(res.data.disabledAt).not.toBeNull();
    expect((await http.get('/admin/v1/me')).status).toBe(401);
    expect((await signIn(fresh)).status).toBe(401);
    expect((await lastAudit('agent.disabled')).details).toMatchObject({ agentId: fresh.id, sessionsEnded: 1 });
    await admin.patch(`/admin/v1/agents/${fresh.id}`, { disabled: false, reason: 'Came back' });
    expect((await signIn(fresh)).status).toBe(201);
  });

  it('resets an agent’s MFA: the old authenticator stops, the new QR code works, sessions end', async () => {
    const fresh = await invite('auditor');
    const http = axios.create({
      baseURL: backend.url,
      validateStatus: () => true,
      headers: { authorization: `Bearer ${(await signIn(fresh)).data.token}` },
    });
    const res = await admin.post(`/admin/v1/agents/${fresh.id}/mfa/reset`, { reason: 'Lost phone', ticketRef: 'IT-9' });
    expect(res.status).toBe(200);
    expect(res.data.sessionsEnded).toBe(1);
    expect((await http.get('/admin/v1/me')).status).toBe(401);
    expect((await signIn(fresh)).status).toBe(401);
    const newSecret = secretFromOtpauth(readQrDataUrl(res.data.totp.qrCodeDataUrl));
    expect((await signIn({ ...fresh, totpSecret: newSecret })).status).toBe(201);
    expect(await lastAudit('agent.mfa.reset')).toMatchObject({ reason: 'Lost phone', ticketRef: 'IT-9', details: { agentId: fresh.id } });
  });

  it('never lets an admin act on their own agent account', async () => {
    const own = await admin.post(`/admin/v1/agents/${adminId}/mfa/reset`, { reason: 'Lost my own phone' });
    expect(own.status).toBe(403);
    expect(own.data.code).toBe('own_agent_account');
    expect((await admin.patch(`/admin/v1/agents/${adminId}`, { role: 'agent', reason: 'Demote myself' })).status).toBe(403);
    expect((await admin.patch(`/admin/v1/agents/${adminId}`, { disabled: true, reason: 'Disable myself' })).status).toBe(403);
  });

  it.each([
    ['no change at all', { reason: 'Nothing' }],
    ['no reason', { role: 'agent' }],
  ])('refuses %s with a 400 problem', async (_name, body) => {
    const fresh = await invite('agent');
    const res = await admin.patch(`/admin/v1/agents/${fresh.id}`, body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 for an agent that does not exist, and 403 to anyone but an admin', async () => {
    expect((await admin.patch('/admin/v1/agents/nobody', { role: 'agent', reason: 'Who?' })).status).toBe(404);
    const agent = await backend.agentHttp(await backend.createAgent('agent'));
    expect((await agent.get('/admin/v1/agents')).status).toBe(403);
    expect((await agent.post('/admin/v1/agents', { email: 'sneaky@desk.test', displayName: 'S', role: 'admin' })).status).toBe(403);
  });
});

describe('an invited agent’s first sign-in', () => {
  it('must replace the one-time password before anything else', async () => {
    const admin = await backend.agentHttp(await backend.createAgent('admin'));
    const invited = await admin.post('/admin/v1/agents', { email: 'fresh.agent@desk.test', displayName: 'Fresh Agent', role: 'agent' });
    expect(invited.status).toBe(201);
    const secret = new URL(invited.data.totp.otpauthUri).searchParams.get('secret')!;
    const http = await backend.agentHttp({ email: 'fresh.agent@desk.test', password: invited.data.oneTimePassword, totpSecret: secret });
    expect((await http.get('/admin/v1/me')).data.mustChangePassword).toBe(true);
    const refused = await http.get('/admin/v1/accounts', { params: { q: 'a' } });
    expect(refused.status).toBe(403);
    expect(refused.data.code).toBe('password_change_required');
    expect((await http.post('/admin/v1/me/password', { currentPassword: 'wrong', newPassword: 'a new long password' })).status).toBe(422);
    expect((await http.post('/admin/v1/me/password', { currentPassword: invited.data.oneTimePassword, newPassword: 'short' })).status).toBe(
      400,
    );
    const changed = await http.post('/admin/v1/me/password', {
      currentPassword: invited.data.oneTimePassword,
      newPassword: 'a new long password',
    });
    expect(changed.status).toBe(200);
    expect(changed.data.mustChangePassword).toBe(false);
    expect((await http.get('/admin/v1/accounts', { params: { q: 'a' } })).status).toBe(200);
    const old = await backend.http.post('/admin/v1/sessions', {
      email: 'fresh.agent@desk.test',
      password: invited.data.oneTimePassword,
      code: backend.codeFor(secret, 30),
    });
    expect(old.status).toBe(401);
  });
});
