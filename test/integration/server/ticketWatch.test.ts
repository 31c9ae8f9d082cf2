/**
 * A console watching a re-enrolment is woken by the change itself, not by polling: the watch waits on
 * instance A while the user's step is written through instance B (on PostgreSQL the change travels by
 * NOTIFY to A's listening connection; on SQLite both instances of this process share the signal). The
 * slow re-check for lost announcements is set to an hour here, so only the announcement can wake it.
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD } from '../../support/users.js';

let backend: TestBackend;
let smtp: SmtpReceiver;
let admin: AxiosInstance;
let agent: AxiosInstance;
let instanceA: Awaited<ReturnType<TestBackend['startInstance']>>;
let instanceB: Awaited<ReturnType<TestBackend['startInstance']>>;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({
    env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test', MFA_DESK_TICKET_WATCH_RECHECK_SECONDS: '3600' },
  });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
  instanceA = await backend.startInstance();
  instanceB = await backend.startInstance();
});
afterAll(async () => {
  await backend?.close();
  await smtp?.close();
});

async function linkToken(login: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages.find((m) => m.to?.[0]?.address === login && m.subject === 'Set up MFA on your new phone');
    const link = mail && /#ticket=([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
    if (link?.[1]) return link[1];
    if (Date.now() > deadline) throw new Error(`no link e-mail for ${login}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watching a re-enrolment', () => {
  it('a watch on one instance is woken by a step written through another', async () => {
    const user = await createUser(backend, admin, 'watched@corp.example');
    const started = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/reset`,
      { channel: 'phone', reason: 'New phone', ticketRef: 'T-11', revokeOldNow: false },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(started.status).toBe(201);
    const token = await linkToken(user.login);
    const onA = axios.create({
      baseURL: instanceA.url,
      validateStatus: () => true,
      headers: { authorization: String(agent.defaults.headers['authorization']) },
    });
    const path = `/admin/v1/enrollment-tickets/${started.data.id}`;
    // A watch that is answered at once (its version has passed) opens A's listening connection first.
    expect((await onA.get(path, { params: { after: 0, waitSeconds: 30 } })).data.version).toBe(started.data.version);

    for (const [step, send] of [
      ['link_opened', () => instanceB.http.post('/v1/enrollment-tickets/open', { token })],
      ['signed_in', () => instanceB.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD })],
    ] as const) {
      const before = (await onA.get(path)).data.version as number;
      const received = instanceA.requestReceived(`${path}?`);
      const watching = onA.get(path, { params: { after: before, waitSeconds: 20 } });
      await received;
      expect((await send()).status).toBe(200);
      // Unwoken, the watch would answer after its 20 s with the version it started from.
      const woken = await watching;
      expect(woken.status).toBe(200);
      expect(woken.data.status).toBe(step);
      expect(woken.data.version).toBeGreaterThan(before);
    }
  });
});
