/**
 * Races on state that must hold across instances, for the decisions the other race suites do not cover:
 * an escalation decided by several admins at once, a re-enrolment ticket completed many times at once,
 * and a session ended on one instance. Under `npm run test:scaleout` every request here is dealt
 * round-robin over three backend processes behind nginx; elsewhere it runs against one instance.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { SESSION_LIMITS } from '../../../src-server/domain/credentials/sessions.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD } from '../../support/users.js';

const IN_FLIGHT = 24;
let backend: TestBackend;
let smtp: SmtpReceiver;
let agent: AxiosInstance;
let admins: AxiosInstance[];

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
  agent = await backend.agentHttp(await backend.createAgent('agent'));
  admins = [];
  for (let i = 0; i < 3; i++) admins.push(await backend.agentHttp(await backend.createAgent('admin')));
});
afterAll(async () => {
  await backend?.close();
  await smtp?.close();
});

const key = () => ({ 'idempotency-key': randomUUID() });

async function auditActions(accountId: string, action: string) {
  const rows = await backend.store.db
    .selectFrom('auditEvents')
    .select('action')
    .where('accountId', '=', accountId)
    .where('action', '=', action)
    .execute();
  return rows.length;
}

describe('decisions taken once across the cluster', () => {
  it(`an escalation decided by three admins, ${IN_FLIGHT} decisions in flight, approve and reject mixed: exactly one counts`, async () => {
    const user = await createUser(backend, admins[0]!, 'contested@corp.example');
    const escalation = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      justification: 'User on site with their badge, phone lost',
      reason: 'Lost phone',
      ticketRef: 'T-900',
    });
    expect(escalation.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: IN_FLIGHT }, (_, i) =>
        admins[i % admins.length]!.post(
          `/admin/v1/escalations/${escalation.data.id}/decision`,
          { approve: i % 2 === 0, note: `decision ${i}` },
          { headers: key() },
        ),
      ),
    );
    const won = answers.filter((answer) => answer.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.data.code)).toEqual(
      Array.from({ length: IN_FLIGHT - 1 }, () => 'escalation_decided'),
    );
    const approved = won[0]!.data.status === 'approved';
    expect((await admins[0]!.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe(approved ? 'off' : 'on');
    expect(await auditActions(user.id, 'mfa.disabled.by_escalation')).toBe(approved ? 1 : 0);
  });

  it(`a re-enrolment confirmed ${IN_FLIGHT} times at once completes once`, async () => {
    const user = await createUser(backend, admins[0]!, 'racing.phone@corp.example');
    const started = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/reset`,
      { channel: 'phone', reason: 'New phone', ticketRef: 'T-901', revokeOldNow: false },
      { headers: key() },
    );
    expect(started.status).toBe(201);
    const [mail] = await smtp.waitForMessages((m) => m.to?.[0]?.address === user.login && m.subject === 'Set up MFA on your new phone', 1);
    const token = /#ticket=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const session = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
    expect(session.status).toBe(200);
    const bearer = { authorization: `Bearer ${session.data.enrolToken}` };
    const qr = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer });
    const newSecret = secretFromOtpauth(readQrDataUrl(qr.data.qrCodeDataUrl));
    backend.clock.nextStep();
    const code = backend.codeFor(newSecret);
    const answers = await Promise.all(
      Array.from({ length: IN_FLIGHT }, () =>
        backend.http.post('/v1/enrollment-tickets/enrollment/confirm', { code }, { headers: bearer }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect((await agent.get(`/admin/v1/enrollment-tickets/${started.data.id}`)).data.status).toBe('enrolled');
    expect(await auditActions(user.id, 'mfa.reset.completed')).toBe(1);
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).data.code).toBe('ticket_used');
  });
});

describe('sessions across the cluster', () => {
  it('a session ended through one instance is refused by every instance', async () => {
    const signedIn = await backend.agentHttp(await backend.createAgent('agent'));
    // Three calls reach the three instances in turn (round-robin): each honours the session...
    for (let i = 0; i < 3; i++) expect((await signedIn.get('/admin/v1/me')).status).toBe(200);
    expect((await signedIn.delete('/admin/v1/sessions/current')).status).toBe(204);
    // ...and after the sign-out on one of them, none does.
    for (let i = 0; i < 3; i++) expect((await signedIn.get('/admin/v1/me')).status).toBe(401);
  });

  it('a session left idle past its limit on the shared clock is refused by every instance', async () => {
    const signedIn = await backend.agentHttp(await backend.createAgent('agent'));
    expect((await signedIn.get('/admin/v1/me')).status).toBe(200);
    backend.clock.advance(SESSION_LIMITS.agent.idleSeconds + 1);
    for (let i = 0; i < 3; i++) expect((await signedIn.get('/admin/v1/me')).status).toBe(401);
  });
});
