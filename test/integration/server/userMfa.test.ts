import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { signInWithPassword, USER_PASSWORD } from '../../support/users.js';

let backend: TestBackend;
let admin: AxiosInstance;
const password = USER_PASSWORD;

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
});
afterAll(() => backend.close());

async function newUser(login: string) {
  const res = await admin.post('/admin/v1/accounts', { login, displayName: 'Test User', department: 'QA', password });
  expect(res.status).toBe(201);
  return res.data as { id: string };
}

async function enrol(login: string) {
  const headers = await signInWithPassword(backend, login);
  const started = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
  expect(started.status).toBe(201);
  const secret = secretFromOtpauth(readQrDataUrl(started.data.qrCodeDataUrl));
  return { headers, secret, started: started.data };
}

describe('end-user MFA', () => {
  it('enrols from the QR image, then signs in with a code that works only once', async () => {
    const user = await newUser('enrol.once@example.com');
    const { headers, secret, started } = await enrol('enrol.once@example.com');
    expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\/MFA%20Desk:enrol\.once%40example\.com\?secret=/);
    expect(started.secretText.replace(/ /g, '')).toBe(secret);

    const code = backend.codeFor(secret);
    const confirmed = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code }, { headers });
    expect(confirmed.status).toBe(200);
    expect(confirmed.data.mfaState).toBe('on');
    // The confirming code may not be used again, not even for the confirm itself.
    const again = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code }, { headers });
    expect(again.status).toBe(409);

    backend.clock.nextStep();
    const login = await backend.http.post('/v1/auth/login', { email: 'ENROL.ONCE@example.com', password });
    expect(login.data.status).toBe('mfa_required');
    const fresh = backend.codeFor(secret);
    const ok = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: fresh });
    expect(ok.status).toBe(200);
    expect(ok.data.status).toBe('signed_in');

    const second = await backend.http.post('/v1/auth/login', { email: 'enrol.once@example.com', password });
    const replay = await backend.http.post('/v1/auth/mfa', { mfaToken: second.data.mfaToken, code: fresh });
    expect(replay.status).toBe(401);
    expect(replay.data.code).toBe('code_already_used');

    const detail = await admin.get(`/admin/v1/accounts/${user.id}`);
    expect(detail.data.mfa.state).toBe('on');
    expect(detail.data.mfa.enrolledAt).not.toBeNull();
  });

  it('accepts a code from one step before or after, not two', async () => {
    await newUser('window@example.com');
    const { headers, secret } = await enrol('window@example.com');
    const tooOld = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret, -65) }, { headers });
    expect(tooOld.data.code).toBe('invalid_code');
    const previous = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret, -30) }, { headers });
    expect(previous.status).toBe(200);
  });

  it('once on, MFA cannot be turned off or enrolled again by the user', async () => {
    await newUser('stays.on@example.com');
    const { headers, secret } = await enrol('stays.on@example.com');
    await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret) }, { headers });
    const restart = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
    expect(restart.status).toBe(409);
    expect(restart.data.code).toBe('mfa_already_enabled');
    const me = await backend.http.get('/v1/me', { headers });
    expect(me.data).toMatchObject({ mfaState: 'on', canEnrollMfa: false });
    for (const path of ['/v1/me/mfa', '/v1/me/mfa/disable']) {
      const res = await backend.http.delete(path, { headers });
      expect(res.status).toBe(404);
    }
  });

  it('slows down and then locks after repeated wrong codes, and says so', async () => {
    const user = await newUser('guesser@example.com');
    const { headers, secret } = await enrol('guesser@example.com');
    await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret) }, { headers });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      backend.clock.advance(65); // past any delay (at most 64 s before the lock), so each try is counted
      const login = await backend.http.post('/v1/auth/login', { email: 'guesser@example.com', password });
      const res = await backend.http.post('/v1/auth/mfa', {
        mfaToken: login.data.mfaToken,
        code: '000000' === backend.codeFor(secret) ? '111111' : '000000',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses[9]).toBe(401);
    const detail = await admin.get(`/admin/v1/accounts/${user.id}`);
    expect(detail.data.mfa.state).toBe('locked');
    expect(detail.data.mfa.failedAttempts).toBe(10);
    // While locked even the right password and code are refused, with 423 and a Retry-After.
    const login = await backend.http.post('/v1/auth/login', { email: 'guesser@example.com', password });
    expect(login.status).toBe(423);
    expect(Number(login.headers['retry-after'])).toBeGreaterThan(0);
    const events = await admin.get(`/admin/v1/accounts/${user.id}/events`);
    expect(events.data.items.map((e: { action: string }) => e.action)).toContain('user.mfa.locked');
  });

  it('makes a caller wait between tries after a few wrong codes', async () => {
    await newUser('hasty@example.com');
    const { headers } = await enrol('hasty@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: '000001' }, { headers })).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
  });

  it('signing out ends the session on the server', async () => {
    await newUser('leaving@example.com');
    const headers = await signInWithPassword(backend, 'leaving@example.com');
    expect((await backend.http.get('/v1/me', { headers })).status).toBe(200);
    expect((await backend.http.delete('/v1/auth/session', { headers })).status).toBe(204);
    expect((await backend.http.get('/v1/me', { headers })).status).toBe(401);
  });
});
