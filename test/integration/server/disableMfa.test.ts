import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import type { TestBackend } from '../../support/backend.js';
import { startMailDesk } from '../../support/mailDesk.js';
import { authenticationResults, prependHeaders, TRUSTED_AUTHSERV_ID, type MailLab } from '../../support/mailFactory.js';
import type { SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD } from '../../support/users.js';

let backend: TestBackend;
let lab: MailLab;
let smtp: SmtpReceiver;
let agent: AxiosInstance;
let agent2: AxiosInstance;
let admin: AxiosInstance;
let admin2: AxiosInstance;
let auditor: AxiosInstance;

beforeAll(async () => {
  // The real configuration path: DNS from a server on loopback, our trusted receiver, SMTP to a test server.
  ({ lab, smtp, backend } = await startMailDesk());
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  admin2 = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
  agent2 = await backend.agentHttp(await backend.createAgent('agent'));
  auditor = await backend.agentHttp(await backend.createAgent('auditor'));
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
  await smtp?.close();
});

const rfc822 = { 'content-type': 'message/rfc822' };
const key = () => ({ 'idempotency-key': randomUUID() });

async function check(http: AxiosInstance, accountId: string, raw: Buffer) {
  return http.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: rfc822 });
}

async function signedRequestFrom(login: string) {
  return lab.sign(lab.message({ from: `User <${login}>`, subject: 'Please disable MFA' }), login.split('@')[1]!);
}

describe('checking a disable request', () => {
  it('verifies a DKIM-signed message from the login, and stores it as evidence', async () => {
    const user = await createUser(backend, admin, 'mia@corp.example');
    const res = await check(agent, user.id, await signedRequestFrom('MIA@Corp.Example'));
    expect(res.status).toBe(201);
    expect(res.data.verdict).toBe('verified');
    expect(res.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.data.usableUntil).not.toBeNull();
    const events = await agent.get(`/admin/v1/accounts/${user.id}/events`);
    expect(events.data.items[0]).toMatchObject({
      action: 'mfa.disable_request.checked',
      details: { verdict: 'verified', sha256: res.data.sha256 },
    });
    const row = await backend.store.db.selectFrom('disableRequests').selectAll().where('id', '=', res.data.id).executeTakeFirstOrThrow();
    expect(row.rawMessage).toBeNull(); // default retention: hash and headers only
    expect(row.headerBlock).toContain('DKIM-Signature');
  });

  it('trusts DMARC pass only in the topmost Authentication-Results of a configured receiver', async () => {
    const user = await createUser(backend, admin, 'noah@corp.example');
    const unsigned = lab.message({ from: 'noah@corp.example' });
    const trusted = await check(agent, user.id, prependHeaders(unsigned, [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example')]));
    expect(trusted.data.verdict).toBe('verified');
    const buried = prependHeaders(prependHeaders(unsigned, [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example')]), [
      authenticationResults('mx.elsewhere.example', 'corp.example', 'fail'),
    ]);
    expect((await check(agent, user.id, buried)).data.verdict).toBe('unauthenticated');
  });

  it.each([
    ['someone else', 'eve@corp.example', 'mismatch'],
    ['a Cyrillic look-alike', 'nоah@corp.example', 'lookalike'],
    ['a plus-address variant', 'noah+mfa@corp.example', 'lookalike'],
  ])('names %s', async (_name, from, verdict) => {
    const user = await backend.store.db
      .selectFrom('accounts')
      .select('id')
      .where('loginNorm', '=', 'noah@corp.example')
      .executeTakeFirstOrThrow();
    const res = await check(agent, user.id, await lab.sign(lab.message({ from }), 'corp.example'));
    expect(res.data.verdict).toBe(verdict);
    expect(res.data.checks.some((c: { passed: boolean }) => !c.passed)).toBe(true);
  });

  it.each([
    ['an empty body', Buffer.alloc(0), [400, 422]],
    ['binary bytes', Buffer.from([0, 1, 2, 3, 255, 0, 7]), [422]],
    ['text with no From', Buffer.from('Subject: hi\r\n\r\nbody'), [422]],
  ])('refuses %s with a 4xx problem', async (_name, body, statuses) => {
    const user = await backend.store.db
      .selectFrom('accounts')
      .select('id')
      .where('loginNorm', '=', 'noah@corp.example')
      .executeTakeFirstOrThrow();
    const res = await check(agent, user.id, body);
    expect(statuses).toContain(res.status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 413 to a message over the size limit, and 403 to an auditor', async () => {
    const user = await backend.store.db
      .selectFrom('accounts')
      .select('id')
      .where('loginNorm', '=', 'noah@corp.example')
      .executeTakeFirstOrThrow();
    const huge = lab.message({ from: 'noah@corp.example', body: 'x'.repeat(6 * 1024 * 1024) });
    expect((await check(agent, user.id, huge)).status).toBe(413);
    expect((await check(auditor, user.id, lab.message({ from: 'noah@corp.example' }))).status).toBe(403);
  });
});

describe('disabling MFA', () => {
  it('turns MFA off with a verified request, ends the user’s sessions, audits the evidence and e-mails the login', async () => {
    const user = await createUser(backend, admin, 'olivia@corp.example');
    backend.clock.nextStep();
    const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    const signedIn = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(user.secret!) });
    const userHeaders = { authorization: `Bearer ${signedIn.data.token}` };
    expect((await backend.http.get('/v1/me', { headers: userHeaders })).status).toBe(200);

    const request = await check(agent, user.id, await signedRequestFrom(user.login));
    const res = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: request.data.id, reason: 'Lost phone', ticketRef: 'T-1001' },
      { headers: key() },
    );
    expect(res.status).toBe(200);
    expect(res.data.account.mfa.state).toBe('off');
    // The request comes back used, stamped by the server's clock, so the console need not ask again.
    expect(res.data.request).toMatchObject({ id: request.data.id, usedAt: backend.clock.now().toISOString() });
    expect(res.data.replyToUser).toContain('T-1001');
    expect((await backend.http.get('/v1/me', { headers: userHeaders })).status).toBe(401);

    const mail = await smtp.waitFor(user.login);
    expect(mail.subject).toBe('MFA was turned off on your account');
    expect(mail.text).toContain('If you did not ask for this');
    const event = (await agent.get(`/admin/v1/accounts/${user.id}/events`)).data.items.find(
      (e: { action: string }) => e.action === 'mfa.disabled',
    );
    expect(event).toMatchObject({
      reason: 'Lost phone',
      ticketRef: 'T-1001',
      details: { requestId: request.data.id, verdict: 'verified', sha256: request.data.sha256 },
    });
    // MFA off: the password alone signs in now.
    expect((await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD })).data.status).toBe('signed_in');
  });

  it('refuses at the API whatever the console does: unverified, another account’s, used, or no request', async () => {
    const user = await createUser(backend, admin, 'liam@corp.example');
    const other = await createUser(backend, admin, 'emma@corp.example');
    const unsigned = await check(agent, user.id, lab.message({ from: user.login }));
    expect(unsigned.data.verdict).toBe('unauthenticated');
    const body = (requestId: string) => ({ requestId, reason: 'Lost phone', ticketRef: 'T-2' });
    const refused = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body(unsigned.data.id), { headers: key() });
    expect(refused.status).toBe(422);
    expect(refused.data.code).toBe('request_not_verified');
    const othersRequest = await check(agent, other.id, await signedRequestFrom(other.login));
    expect((await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body(othersRequest.data.id), { headers: key() })).status).toBe(
      404,
    );
    expect((await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body('no-such-request'), { headers: key() })).status).toBe(404);
    expect((await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body(unsigned.data.id))).status).toBe(400); // no Idempotency-Key
    expect((await auditor.post(`/admin/v1/accounts/${other.id}/mfa/disable`, body(othersRequest.data.id), { headers: key() })).status).toBe(
      403,
    );
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('on');
  });

  it('refuses a verified request that is too old', async () => {
    const user = await createUser(backend, admin, 'ava@corp.example');
    const request = await check(agent, user.id, await signedRequestFrom(user.login));
    backend.clock.advance(25 * 3600);
    agent = await backend.agentHttp(await backend.createAgent('agent'));
    const res = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: request.data.id, reason: 'x'.repeat(5), ticketRef: 'T-3' },
      { headers: key() },
    );
    expect(res.data.code).toBe('request_expired');
    admin = await backend.agentHttp(await backend.createAgent('admin'));
    admin2 = await backend.agentHttp(await backend.createAgent('admin'));
    agent2 = await backend.agentHttp(await backend.createAgent('agent'));
  });

  it('a retry with the same key returns the first result; a second agent at the same time gets a conflict', async () => {
    const user = await createUser(backend, admin, 'lucas@corp.example');
    const request = await check(agent, user.id, await signedRequestFrom(user.login));
    const body = { requestId: request.data.id, reason: 'New phone', ticketRef: 'T-4' };
    const sameKey = key();
    const rivalKey = key();
    const [first, retry, rival] = await Promise.all([
      agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: sameKey }),
      agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: sameKey }),
      agent2.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: rivalKey }),
    ]);
    // Whichever agent's transaction comes first wins; the other gets a conflict, never a second disable.
    const keyedWon = first.status === 200;
    if (keyedWon) {
      expect(retry.status).toBe(200);
      expect(retry.data.notification.id).toBe(first.data.notification.id);
      expect(rival.status).toBe(409);
      expect(rival.data.code).toBe('request_already_used');
    } else {
      expect(rival.status).toBe(200);
      for (const lost of [first, retry]) expect(lost.data.code).toBe('request_already_used');
      // The winner's retry gets the winner's answer back.
      const replay = await agent2.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: rivalKey });
      expect(replay.status).toBe(200);
      expect(replay.data.notification.id).toBe(rival.data.notification.id);
    }
    const disables = (await agent.get(`/admin/v1/accounts/${user.id}/events`)).data.items.filter(
      (e: { action: string }) => e.action === 'mfa.disabled',
    );
    expect(disables).toHaveLength(1);
    const [winner, winnerKey] = keyedWon ? [agent, sameKey] : [agent2, rivalKey];
    const reused = await winner.post(`/admin/v1/accounts/${user.id}/mfa/disable`, { ...body, reason: 'different' }, { headers: winnerKey });
    expect(reused.data.code).toBe('idempotency_key_reused');
  });
});

describe('two-person rule', () => {
  it('an unverified request is escalated, and a different admin approves it', async () => {
    const user = await createUser(backend, admin, 'sofia@corp.example');
    const typed = await agent.post(`/admin/v1/accounts/${user.id}/disable-requests`, { senderAddress: user.login });
    expect(typed.data.verdict).toBe('unauthenticated');
    const escalation = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      requestId: typed.data.id,
      justification: 'User called from the number on file, phone stolen',
      reason: 'Stolen phone',
      ticketRef: 'T-5',
    });
    expect(escalation.status).toBe(201);
    expect(escalation.data.status).toBe('pending');
    const decision = { approve: true, note: 'Identity confirmed by video call' };
    expect((await agent.post(`/admin/v1/escalations/${escalation.data.id}/decision`, decision, { headers: key() })).status).toBe(403);
    const approved = await admin.post(`/admin/v1/escalations/${escalation.data.id}/decision`, decision, { headers: key() });
    expect(approved.status).toBe(200);
    expect(approved.data).toMatchObject({
      status: 'approved',
      requestedBy: expect.stringContaining('agent'),
      decidedBy: expect.stringContaining('admin'),
    });
    expect((await admin.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('off');
    const event = (await admin.get(`/admin/v1/accounts/${user.id}/events`)).data.items.find(
      (e: { action: string }) => e.action === 'mfa.disabled.by_escalation',
    );
    expect(event.details).toMatchObject({
      escalationId: escalation.data.id,
      approvedBy: expect.any(String),
      requestedBy: expect.any(String),
    });
    await smtp.waitFor(user.login);
    expect((await admin2.post(`/admin/v1/escalations/${escalation.data.id}/decision`, decision, { headers: key() })).data.code).toBe(
      'escalation_decided',
    );
  });

  it('an admin cannot approve their own escalation; a rejection leaves MFA on', async () => {
    const user = await createUser(backend, admin, 'mateo@corp.example');
    const escalation = await admin.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      justification: 'No e-mail possible, user on site',
      reason: 'Lost phone',
      ticketRef: 'T-6',
    });
    const own = await admin.post(
      `/admin/v1/escalations/${escalation.data.id}/decision`,
      { approve: true, note: 'ok by me' },
      { headers: key() },
    );
    expect(own.data.code).toBe('two_person_rule');
    const rejected = await admin2.post(
      `/admin/v1/escalations/${escalation.data.id}/decision`,
      { approve: false, note: 'Ask for an e-mail from the login' },
      { headers: key() },
    );
    expect(rejected.data.status).toBe('rejected');
    expect((await admin.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('on');
    const queue = await admin.get('/admin/v1/escalations', { params: { status: 'rejected' } });
    expect(queue.data.items.map((e: { id: string }) => e.id)).toContain(escalation.data.id);
  });

  it('a verified request needs no escalation', async () => {
    const user = await createUser(backend, admin, 'isla@corp.example');
    const request = await check(agent, user.id, await signedRequestFrom(user.login));
    const res = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      requestId: request.data.id,
      justification: 'Just to be safe here',
      reason: 'x'.repeat(5),
      ticketRef: 'T-7',
    });
    expect(res.data.code).toBe('request_is_verified');
  });
});
