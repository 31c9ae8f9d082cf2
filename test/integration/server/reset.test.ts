import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

let backend: TestBackend;
let smtp: SmtpReceiver;
let admin: AxiosInstance;
let agent: AxiosInstance;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
});
afterAll(async () => {
  await backend?.close();
  await smtp?.close();
});

const key = () => ({ 'idempotency-key': randomUUID() });
const resetBody = { channel: 'phone', reason: 'New phone', ticketRef: 'T-100', revokeOldNow: false };

/** The token from the newest link e-mailed to `login`. */
async function linkToken(login: string, nth = 1): Promise<string> {
  const mails = await smtp.waitForMessages((m) => m.to?.[0]?.address === login && m.subject === 'Set up MFA on your new phone', nth);
  const link = /https:\/\/mfa\.example\.test\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mails[nth - 1]?.text ?? '');
  if (!link?.[1]) throw new Error(`link e-mail #${nth} for ${login} has no link`);
  return link[1];
}

async function signInWithCode(user: TestUser, secret: string) {
  backend.clock.nextStep();
  const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
  return backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(secret) });
}

describe('re-enrolment on a new phone', () => {
  it('walks every step, recorded with times; the old phone works until the new one is confirmed', async () => {
    const user = await createUser(backend, admin, 'walk@corp.example');
    const started = await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() });
    expect(started.status).toBe(201);
    expect(started.data.status).toBe('email_sent');
    const ticketId = started.data.id as string;
    const token = await linkToken(user.login);
    expect(JSON.stringify(started.data)).not.toContain(token);

    const open = await backend.http.post('/v1/enrollment-tickets/open', { token });
    expect(open.data).toMatchObject({ status: 'link_opened', loginHint: 'wa•••@corp.example' });
    const session = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
    expect(session.status).toBe(200);
    const bearer = { authorization: `Bearer ${session.data.enrolToken}` };
    // An enrol-only session is not a sign-in.
    expect((await backend.http.get('/v1/me', { headers: bearer })).status).toBe(401);
    const qr = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer });
    expect(qr.status).toBe(201);
    const newSecret = secretFromOtpauth(readQrDataUrl(qr.data.qrCodeDataUrl));
    expect((await signInWithCode(user, user.secret!)).status).toBe(200); // old phone still fine

    backend.clock.nextStep();
    const confirmed = await backend.http.post(
      '/v1/enrollment-tickets/enrollment/confirm',
      { code: backend.codeFor(newSecret) },
      { headers: bearer },
    );
    expect(confirmed.status).toBe(200);
    const ticket = (await agent.get(`/admin/v1/enrollment-tickets/${ticketId}`)).data;
    expect(ticket.status).toBe('enrolled');
    for (const step of ['issued', 'email_sent', 'link_opened', 'signed_in', 'qr_shown', 'enrolled'])
      expect(ticket.steps[step]).not.toBeNull();
    expect((await signInWithCode(user, user.secret!)).data.code).toBe('invalid_code'); // old phone revoked
    backend.clock.advance(70); // past the delay the failure above started
    expect((await signInWithCode(user, newSecret)).status).toBe(200);
    await smtp.waitFor(user.login);
    expect(smtp.messages.some((m) => m.to?.[0]?.address === user.login && m.subject === 'MFA is set up on your new phone')).toBe(true);
    // Single use.
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).data.code).toBe('ticket_used');
    const actions = (await agent.get(`/admin/v1/accounts/${user.id}/events`)).data.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['mfa.reset.started', 'mfa.reset.completed']));
  });

  it('lists each agent’s own open re-enrolments with their step, not another agent’s, nor finished or cancelled ones', async () => {
    const other = await backend.agentHttp(await backend.createAgent('agent'));
    const mine = await createUser(backend, admin, 'mine.open@corp.example');
    const cancelled = await createUser(backend, admin, 'mine.cancelled@corp.example');
    const theirs = await createUser(backend, admin, 'theirs.open@corp.example');
    const started = await agent.post(`/admin/v1/accounts/${mine.id}/mfa/reset`, resetBody, { headers: key() });
    const toCancel = await agent.post(`/admin/v1/accounts/${cancelled.id}/mfa/reset`, resetBody, { headers: key() });
    await agent.post(`/admin/v1/enrollment-tickets/${toCancel.data.id}/cancel`, {});
    await other.post(`/admin/v1/accounts/${theirs.id}/mfa/reset`, resetBody, { headers: key() });

    const listed = (await agent.get('/admin/v1/me/enrollment-tickets')).data.items as {
      id: string;
      accountLogin: string;
      status: string;
    }[];
    expect(listed.map((t) => t.accountLogin)).toContain(mine.login);
    expect(listed.map((t) => t.accountLogin)).not.toContain(cancelled.login);
    expect(listed.map((t) => t.accountLogin)).not.toContain(theirs.login);
    expect(listed.find((t) => t.id === started.data.id)!.status).toBe('email_sent');
    // The step moves on as the user goes.
    await backend.http.post('/v1/enrollment-tickets/open', { token: await linkToken(mine.login) });
    const after = (await agent.get('/admin/v1/me/enrollment-tickets')).data.items as { id: string; status: string }[];
    expect(after.find((t) => t.id === started.data.id)!.status).toBe('link_opened');
    const auditor = await backend.agentHttp(await backend.createAgent('auditor'));
    expect((await auditor.get('/admin/v1/me/enrollment-tickets')).status).toBe(403);
  });

  it('with revokeOldNow the old phone stops at once', async () => {
    const user = await createUser(backend, admin, 'stolen@corp.example');
    const started = await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, { ...resetBody, revokeOldNow: true }, { headers: key() });
    expect(started.status).toBe(201);
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('off');
    const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    expect(login.data.status).toBe('signed_in'); // no factor left to ask for until the new phone is enrolled
  });

  it('refuses the link for another account, after expiry, after cancel, and an old link after a resend', async () => {
    const user = await createUser(backend, admin, 'edge@corp.example');
    const other = await createUser(backend, admin, 'other@corp.example', { mfa: false });
    const started = await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() });
    const token = await linkToken(user.login);
    const wrong = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: other.login, password: USER_PASSWORD });
    expect(wrong.status).toBe(403);
    expect(wrong.data.code).toBe('ticket_other_account');

    const resent = await agent.post(`/admin/v1/enrollment-tickets/${started.data.id}/resend`, {});
    expect(resent.data.emailsSent).toBe(2);
    const newToken = await linkToken(user.login, 2);
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).data.code).toBe('ticket_unknown');
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token: newToken })).status).toBe(200);

    backend.clock.advance(73 * 3600);
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token: newToken })).data.code).toBe('ticket_expired');
    admin = await backend.agentHttp(await backend.createAgent('admin'));
    agent = await backend.agentHttp(await backend.createAgent('agent'));
    expect((await agent.get(`/admin/v1/enrollment-tickets/${started.data.id}`)).data.status).toBe('expired');
    const overdue = await admin.get('/admin/v1/reports/mfa/gaps', { params: { kind: 'overdue_resets' } });
    expect(overdue.data.items.map((e: { account: { id: string }; ticket: { id: string } }) => [e.account.id, e.ticket.id])).toContainEqual([
      user.id,
      started.data.id,
    ]);

    const again = await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() });
    const third = await linkToken(user.login, 3);
    const cancelled = await agent.post(`/admin/v1/enrollment-tickets/${again.data.id}/cancel`, {});
    expect(cancelled.data.status).toBe('cancelled');
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token: third })).data.code).toBe('ticket_cancelled');
  });

  it('tells a waiting console about each change without reloading (long poll)', async () => {
    const user = await createUser(backend, admin, 'watch@corp.example');
    const started = await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() });
    const token = await linkToken(user.login);
    const since = Date.now();
    const watching = backend.requestReceived(`/admin/v1/enrollment-tickets/${started.data.id}?`);
    const waiting = agent.get(`/admin/v1/enrollment-tickets/${started.data.id}`, {
      params: { after: started.data.version, waitSeconds: 20 },
    });
    // The user opens the link once the console's watch has reached the server.
    await watching;
    await backend.http.post('/v1/enrollment-tickets/open', { token });
    const changed = await waiting;
    expect(changed.data.status).toBe('link_opened');
    expect(changed.data.version).toBeGreaterThan(started.data.version);
    expect(Date.now() - since).toBeLessThan(15_000);
    const current = await agent.get(`/admin/v1/accounts/${user.id}/mfa/reset`);
    expect(current.data.ticket.id).toBe(started.data.id);
  });

  it('only agents and admins start a reset, with an Idempotency-Key; a retry returns the same ticket', async () => {
    const user = await createUser(backend, admin, 'retry@corp.example');
    const auditor = await backend.agentHttp(await backend.createAgent('auditor'));
    expect((await auditor.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() })).status).toBe(403);
    expect((await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody)).status).toBe(400);
    expect(
      (await agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, { ...resetBody, channel: 'pigeon' }, { headers: key() })).status,
    ).toBe(400);
    const same = key();
    const [a, b] = await Promise.all([
      agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: same }),
      agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: same }),
    ]);
    expect(a.data.id).toBe(b.data.id);
  });
});

describe('clock check', () => {
  it('reports the phone’s offset from −5 to +5 minutes to within one step, and signs nobody in', async () => {
    const user = await createUser(backend, admin, 'clock@corp.example');
    for (const minutes of [-5, -3, -1.5, -0.5, 0, 0.5, 1.5, 3, 5]) {
      backend.clock.advance(61); // new rate-limit window every 10 checks is not needed: stay under 10 per 10 min
      const offset = minutes * 60;
      const res = await agent.post(`/admin/v1/accounts/${user.id}/mfa/clock-check`, { code: backend.codeFor(user.secret!, offset) });
      expect(res.status).toBe(200);
      expect(res.data.matched).toBe(true);
      expect(Math.abs(res.data.offsetSeconds - offset)).toBeLessThanOrEqual(30);
      if (Math.abs(offset) >= 90)
        expect(res.data.advice).toMatch(new RegExp(`about \\d+ (min|s) ${offset < 0 ? 'behind' : 'ahead'}: .*automatic date and time`));
    }
    const lastUsed = (await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.lastUsedAt;
    expect(lastUsed).not.toBe(backend.clock.now().toISOString());
    const far = await agent.post(`/admin/v1/accounts/${user.id}/mfa/clock-check`, { code: backend.codeFor(user.secret!, 15 * 60) });
    expect(far.data.matched).toBe(false);
  });

  it('is rate-limited per account and audited without the code', async () => {
    const user = await createUser(backend, admin, 'limit@corp.example');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await agent.post(`/admin/v1/accounts/${user.id}/mfa/clock-check`, { code: '123456' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    const events = (await agent.get(`/admin/v1/accounts/${user.id}/events`)).data.items.filter(
      (e: { action: string }) => e.action === 'mfa.clock_check',
    );
    expect(events).toHaveLength(10);
    expect(JSON.stringify(events)).not.toContain('123456');
  });
});
