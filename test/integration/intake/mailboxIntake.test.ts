/**
 * The support mailbox intake against a real Dovecot over TLS: requests appended to the mailbox appear in
 * the Incoming queue matched and checked, are moved to the processed folder, and are worked through the
 * catalogue's operations; dropped connections and several backend instances neither lose nor double a
 * message; wrong credentials are a status, not an outage.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import type { MailboxStatus } from '../../../src-shared/intakeApi.js';
import type { TestBackend } from '../../support/backend.js';
import { startMailDesk, type MailDesk } from '../../support/mailDesk.js';
import { SUPPORT_ADDRESS, type MailLab } from '../../support/mailFactory.js';
import { startDovecot, type TestDovecot } from '../../support/dovecot.js';
import { startTcpProxy } from '../../support/tcpProxy.js';
import { createUser } from '../../support/users.js';

const PROCESSED = 'MFA Desk/Processed';
const WAIT = { timeout: 20_000, interval: 50 };

/** A loopback port nothing listens on (taken, then given back). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function intakeEnv(dovecot: TestDovecot, urls: string[]) {
  return { MFA_DESK_MAILBOXES: urls.join(','), MFA_DESK_MAILBOX_CA_FILE: dovecot.caFile };
}

async function signedRequest(lab: MailLab, from: string, subject = 'Please disable MFA [#4711]') {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return lab.sign(lab.message({ from, subject, messageId: `<${randomUUID()}@corp.example>` }), address.split('@')[1]!);
}

/** The incoming items of a status, as the console reads them. */
async function incoming(http: AxiosInstance, status?: string) {
  const res = await http.get('/admin/v1/incoming', { params: status ? { status } : {} });
  expect(res.status).toBe(200);
  return res.data.items as Array<Record<string, unknown> & { id: string; subject: string | null }>;
}

async function itemWithSubject(http: AxiosInstance, status: string, subject: string) {
  let found: Awaited<ReturnType<typeof incoming>>[number] | undefined;
  await expect.poll(async () => (found = (await incoming(http, status)).find((item) => item.subject === subject)), WAIT).toBeDefined();
  return found!;
}

describe('one backend reading one mailbox', () => {
  let dovecot: TestDovecot;
  let desk: MailDesk;
  let backend: TestBackend;
  let agent: AxiosInstance;
  let agent2: AxiosInstance;
  let admin: AxiosInstance;

  beforeAll(async () => {
    dovecot = await startDovecot();
    desk = await startMailDesk(intakeEnv(dovecot, [dovecot.url()]));
    backend = desk.backend;
    admin = await backend.agentHttp(await backend.createAgent('admin'));
    agent = await backend.agentHttp(await backend.createAgent('agent'));
    agent2 = await backend.agentHttp(await backend.createAgent('agent'));
  });
  afterAll(async () => {
    await desk?.backend.close();
    await desk?.lab.close();
    await desk?.smtp.close();
    await dovecot?.stop();
  });

  it('queues a signed request verified and matched, moves it to the processed folder, and disables MFA in one step', async () => {
    const user = await createUser(backend, admin, 'mia@corp.example');
    await dovecot.append(await signedRequest(desk.lab, 'Mia <mia@corp.example>', 'Please disable MFA [#4711]'));
    const item = await itemWithSubject(agent, 'open', 'Please disable MFA [#4711]');
    expect(item).toMatchObject({
      status: 'open',
      accountId: user.id,
      accountLogin: 'mia@corp.example',
      match: 'exact',
      verdict: 'verified',
      ticketRef: '4711',
    });
    expect((await agent.get('/admin/v1/incoming/count')).data.open).toBeGreaterThanOrEqual(1);

    const detail = (await agent.get(`/admin/v1/incoming/${item.id}`)).data;
    expect(detail.request).toMatchObject({ id: item.requestId, verdict: 'verified', checkedBy: 'mailbox intake' });
    expect(detail.account).toMatchObject({ id: user.id });
    await expect.poll(async () => (await dovecot.list(PROCESSED)).length, WAIT).toBeGreaterThanOrEqual(1);
    expect(await dovecot.list('INBOX')).toEqual([]);

    // Claimed by one agent, the other can neither claim it nor disable on it.
    expect((await agent.post(`/admin/v1/incoming/${item.id}/claim`, {})).status).toBe(200);
    // The count shows the claim, so consoles watching it see claims made elsewhere.
    const counted = (await agent.get('/admin/v1/incoming/count')).data;
    expect(counted).toMatchObject({ claimed: 1, latestClaimUntil: expect.any(String) });
    const stolen = await agent2.post(`/admin/v1/incoming/${item.id}/claim`, {});
    expect(stolen.status).toBe(409);
    expect(stolen.data.code).toBe('incoming_claimed');
    const body = { requestId: item.requestId, reason: 'Lost phone', ticketRef: '4711' };
    const refused = await agent2.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: { 'idempotency-key': randomUUID() } });
    expect(refused.data.code).toBe('incoming_claimed');

    const disabled = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: { 'idempotency-key': randomUUID() } });
    expect(disabled.status).toBe(200);
    expect(disabled.data.account.mfa.state).toBe('off');
    expect((await agent.get(`/admin/v1/incoming/${item.id}`)).data.item).toMatchObject({ status: 'done', claimedBy: null });
    await desk.smtp.waitFor('mia@corp.example');
  });

  it('answers a claimed request from the support address in its thread', async () => {
    await createUser(backend, admin, 'leo@corp.example');
    const messageId = `<${randomUUID()}@corp.example>`;
    await dovecot.append(
      desk.lab.message({
        from: 'leo@corp.example',
        subject: 'MFA off please [#99]',
        messageId,
        extraHeaders: ['References: <earlier@corp.example>'],
      }),
    );
    const item = await itemWithSubject(agent, 'open', 'MFA off please [#99]');
    expect(item.verdict).toBe('unauthenticated');
    const key = randomUUID();
    const replyWith = (template: string, idempotencyKey = key) =>
      agent.post(`/admin/v1/incoming/${item.id}/reply`, { template }, { headers: { 'idempotency-key': idempotencyKey } });
    const unclaimed = await replyWith('send_from_login');
    expect(unclaimed.data.code).toBe('incoming_not_claimed');
    expect((await agent.post(`/admin/v1/incoming/${item.id}/claim`, {})).status).toBe(200);
    const keyless = await agent.post(`/admin/v1/incoming/${item.id}/reply`, { template: 'send_from_login' });
    expect(keyless.status).toBe(400);
    // A double click and a retry after a lost answer: 40 requests under one key in flight send one e-mail.
    const sent = await Promise.all(Array.from({ length: 40 }, () => replyWith('send_from_login')));
    expect(sent.map((res) => res.status)).toEqual(Array(40).fill(201));
    expect(new Set(sent.map((res) => res.data.id)).size).toBe(1);
    const reused = await replyWith('request_received');
    expect(reused.status).toBe(422);
    expect(reused.data.code).toBe('idempotency_key_reused');
    const reply = await desk.smtp.waitFor('leo@corp.example');
    expect(reply.from?.address).toBe(SUPPORT_ADDRESS);
    expect(reply.subject).toBe('Re: MFA off please [#99]');
    expect(reply.inReplyTo).toBe(messageId);
    expect(reply.references).toContain('<earlier@corp.example>');
    expect(reply.references).toContain(messageId);
    const outbox = await agent.get('/admin/v1/outbox', { params: { accountId: item.accountId } });
    expect(outbox.data.items.filter((mail: { subject: string }) => mail.subject === 'Re: MFA off please [#99]')).toHaveLength(1);
    expect((await agent.post(`/admin/v1/incoming/${item.id}/release`, {})).status).toBe(200);
    expect((await agent2.post(`/admin/v1/incoming/${item.id}/claim`, {})).status).toBe(200);
  });

  it('gives an item to exactly one agent when 60 claims arrive at once, and a claim racing a disable leaves one story', async () => {
    const user = await createUser(backend, admin, 'nora@corp.example');
    await dovecot.append(await signedRequest(desk.lab, 'Nora <nora@corp.example>', 'Disable MFA please [#5150]'));
    const item = await itemWithSubject(agent, 'open', 'Disable MFA please [#5150]');
    const agents = [agent, agent2];
    const claims = await Promise.all(
      Array.from({ length: 60 }, (_, i) => agents[i % 2]!.post(`/admin/v1/incoming/${item.id}/claim`, {}).then((res) => ({ i, res }))),
    );
    const winners = new Set(claims.filter(({ res }) => res.status === 200).map(({ i }) => i % 2));
    expect(winners.size).toBe(1);
    for (const { i, res } of claims) if (!winners.has(i % 2)) expect(res.data.code).toBe('incoming_claimed');
    const holder = agents[[...winners][0]!]!;
    const other = holder === agent ? agent2 : agent;
    expect((await holder.post(`/admin/v1/incoming/${item.id}/release`, {})).status).toBe(200);

    // The other agent claims while the first disables on the same request: either the disable wins
    // (the item is done, nobody holds it) or the claim does (the disable is refused, MFA stays on).
    const body = { requestId: item.requestId, reason: 'Lost phone', ticketRef: '5150' };
    const [disabled, claimed] = await Promise.all([
      holder.post(`/admin/v1/accounts/${user.id}/mfa/disable`, body, { headers: { 'idempotency-key': randomUUID() } }),
      other.post(`/admin/v1/incoming/${item.id}/claim`, {}),
    ]);
    const after = (await agent.get(`/admin/v1/incoming/${item.id}`)).data.item;
    if (disabled.status === 200) {
      expect(after).toMatchObject({ status: 'done', claimedBy: null });
      expect(claimed.status).toBe(409);
    } else {
      expect(disabled.data.code).toBe('incoming_claimed');
      expect(claimed.status).toBe(200);
      expect(after.status).not.toBe('done');
      expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('on');
    }
  });

  it('flags a look-alike sender against the login it imitates, and mfa.disable refuses it', async () => {
    const user = await createUser(backend, admin, 'noah@corp.example');
    await dovecot.append(await signedRequest(desk.lab, 'Noah <nоah@corp.example>', 'Lookalike [#5]'));
    const item = await itemWithSubject(agent, 'open', 'Lookalike [#5]');
    expect(item).toMatchObject({ accountId: user.id, match: 'lookalike', verdict: 'lookalike' });
    const refused = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: item.requestId, reason: 'asked by mail', ticketRef: '5' },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(refused.status).toBe(422);
    expect(refused.data.code).toBe('request_not_verified');
  });

  it('sets aside bounces, auto-replies and list mail with the reason, and lists unknown senders as unmatched', async () => {
    await dovecot.append(desk.lab.message({ from: 'MAILER-DAEMON@mx.corp.example', subject: 'Undelivered Mail Returned to Sender' }));
    await dovecot.append(
      desk.lab.message({ from: 'ann@corp.example', subject: 'Out of office', extraHeaders: ['Auto-Submitted: auto-replied'] }),
    );
    await dovecot.append(
      desk.lab.message({ from: 'news@corp.example', subject: 'Newsletter', extraHeaders: ['List-Id: <news.corp.example>'] }),
    );
    await dovecot.append(desk.lab.message({ from: 'stranger@elsewhere.example', subject: 'Who am I' }));
    expect(await itemWithSubject(agent, 'set_aside', 'Undelivered Mail Returned to Sender')).toMatchObject({
      setAsideReason: 'bounce_sender',
    });
    expect(await itemWithSubject(agent, 'set_aside', 'Out of office')).toMatchObject({ setAsideReason: 'auto_submitted' });
    expect(await itemWithSubject(agent, 'set_aside', 'Newsletter')).toMatchObject({ setAsideReason: 'mailing_list' });
    expect(await itemWithSubject(agent, 'unmatched', 'Who am I')).toMatchObject({ accountId: null, verdict: null });
    await expect.poll(async () => (await dovecot.list('INBOX')).length, WAIT).toBe(0);
  });

  it('shows each mailbox connected, in the API and in /readyz', async () => {
    const status = await agent.get('/admin/v1/intake/status');
    expect(status.data.mailboxes).toEqual([
      expect.objectContaining({ mailbox: `support@127.0.0.1:${dovecot.port}/INBOX`, state: 'connected' }),
    ]);
    expect(JSON.stringify(status.data)).not.toContain(dovecot.password);
    const ready = await backend.http.get('/readyz');
    expect(ready.data.mailboxes[0].state).toBe('connected');
  });
});

describe('failures', () => {
  it('loses and doubles nothing when the connection drops mid-fetch, twice; wrong credentials are a status', async () => {
    const dovecot = await startDovecot();
    const proxy = await startTcpProxy(dovecot.port);
    const wrong = await startTcpProxy(dovecot.port);
    const desk = await startMailDesk(
      intakeEnv(dovecot, [dovecot.url({ port: proxy.port }), dovecot.url({ port: wrong.port, password: 'wrong' })]),
    );
    try {
      const agent = await desk.backend.agentHttp(await desk.backend.createAgent('agent'));
      // TLS hides the commands, so the drop is placed by size: the first large answer is a message's source.
      const midFetch = proxy.dropOnServerChunkOver(16 * 1024);
      const again = proxy.dropOnServerChunkOver(16 * 1024);
      const body = 'A request that is long enough to be fetched in large TLS records.\r\n'.repeat(800);
      for (const n of [1, 2, 3])
        await dovecot.append(desk.lab.message({ from: `someone${n}@elsewhere.example`, subject: `drop ${n}`, body }));
      await midFetch;
      await again;
      await expect.poll(async () => (await dovecot.list(PROCESSED)).length, WAIT).toBe(3);
      expect(await dovecot.list('INBOX')).toEqual([]);
      const items = await incoming(agent, 'unmatched');
      expect(items.map((item) => item.subject).sort()).toEqual(['drop 1', 'drop 2', 'drop 3']);

      await expect
        .poll(
          async () =>
            (await agent.get('/admin/v1/intake/status')).data.mailboxes.find((m: { mailbox: string }) =>
              m.mailbox.includes(`:${wrong.port}/`),
            ),
          WAIT,
        )
        .toMatchObject({ state: 'auth_failed', lastError: expect.stringContaining('refused'), nextRetryAt: expect.any(String) });
      expect((await desk.backend.http.get('/readyz')).status).toBe(200);
      expect((await agent.get('/admin/v1/incoming/count')).status).toBe(200);
    } finally {
      await desk.backend.close();
      await desk.lab.close();
      await desk.smtp.close();
      await proxy.close();
      await wrong.close();
      await dovecot.stop();
    }
  });

  it('shows wrong credentials and an unreachable server in words, retries with growing waits, and serves the rest', async () => {
    const dovecot = await startDovecot();
    const closedPort = await freePort();
    const desk = await startMailDesk(
      intakeEnv(dovecot, [dovecot.url({ password: 'not-the-password-7q' }), dovecot.url({ port: closedPort })]),
    );
    try {
      const agent = await desk.backend.agentHttp(await desk.backend.createAgent('agent'));
      const admin = await desk.backend.agentHttp(await desk.backend.createAgent('admin'));
      const statusOf = async (port: number) =>
        ((await agent.get('/admin/v1/intake/status')).data.mailboxes as MailboxStatus[]).find((m) => m.mailbox.includes(`:${port}/`))!;

      await expect
        .poll(() => statusOf(dovecot.port), WAIT)
        .toMatchObject({ state: 'auth_failed', lastError: expect.stringContaining('refused the user name or password') });
      await expect.poll(() => statusOf(closedPort), WAIT).toMatchObject({ state: 'unreachable', lastError: expect.any(String) });
      const ready = await desk.backend.http.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.data.mailboxes.map((m: MailboxStatus) => m.state).sort()).toEqual(['auth_failed', 'unreachable']);
      expect(JSON.stringify(ready.data)).not.toContain('not-the-password-7q');

      // Retried, each wait twice the one before (the test's clock stands still, so the wait is nextRetryAt - now).
      const announcedWait = async () => Date.parse((await statusOf(dovecot.port)).nextRetryAt!) - desk.backend.clock.now().getTime();
      const first = await announcedWait();
      expect(first).toBeGreaterThanOrEqual(2000);
      await expect.poll(announcedWait, WAIT).toBe(first * 2);
      expect(await statusOf(dovecot.port)).toMatchObject({ state: 'auth_failed', lastCheckedAt: null });

      // The rest of the backend works meanwhile.
      const user = await createUser(desk.backend, admin, 'still.served@corp.example');
      expect((await agent.get(`/admin/v1/accounts/${user.id}`)).status).toBe(200);
      expect((await agent.get('/admin/v1/incoming/count')).data.open).toBe(0);
    } finally {
      await desk.backend.close();
      await desk.lab.close();
      await desk.smtp.close();
      await dovecot.stop();
    }
  });

  it('processes each message once with three backend instances on one database', async () => {
    const dovecot = await startDovecot();
    const desk = await startMailDesk(intakeEnv(dovecot, [dovecot.url()]));
    try {
      await desk.backend.startInstance();
      await desk.backend.startInstance();
      const agent = await desk.backend.agentHttp(await desk.backend.createAgent('agent'));
      expect((await agent.get('/admin/v1/intake/status')).status).toBe(200);
      const subjects = Array.from({ length: 8 }, (_, n) => `instances ${n}`);
      for (const subject of subjects) await dovecot.append(desk.lab.message({ from: 'nobody@elsewhere.example', subject }));
      await expect.poll(async () => (await dovecot.list(PROCESSED)).length, WAIT).toBe(subjects.length);
      const rows = await desk.backend.store.db.selectFrom('incomingRequests').select(['subject', 'status']).execute();
      expect(rows.map((row) => row.subject).sort()).toEqual(subjects);
      expect(rows.every((row) => row.status === 'unmatched')).toBe(true);
    } finally {
      await desk.backend.close();
      await desk.lab.close();
      await desk.smtp.close();
      await dovecot.stop();
    }
  });
});
