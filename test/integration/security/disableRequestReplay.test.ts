/**
 * Getting MFA turned off with an e-mail the user really sent, but that is not a request to support,
 * now: a message to a colleague, a request whose To or Date the signature leaves open, an old one, one
 * dated ahead, and one that already backed a disable, sent again (as is, rewritten where no signature
 * covers it, for another account, or fifty times at once over two backend instances). Real RSA keys,
 * DKIM signatures made by mailauth, keys and DMARC records served by a DNS server on loopback.
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimMessage } from '../../../src-server/domain/disable/messageReuse.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import {
  prependHeaders,
  startMailLab,
  SUPPORT_ADDRESS,
  TRUSTED_AUTHSERV_ID,
  type MailLab,
  type MessageParts,
} from '../../support/mailFactory.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { dataDirWithAgents, startServerProcess } from '../../support/serverProcess.js';
import { createUser, signInWithPassword, type TestUser } from '../../support/users.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_AGE_DAYS = 7;
const IN_FLIGHT = 50;
// What mailauth signs by default, less the field a test leaves unsigned.
const SIGNED = ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type'];

let lab: MailLab;
let backend: TestBackend;
let secondInstanceUrl: string;
let adminAgent: Awaited<ReturnType<TestBackend['createAgent']>>;
let supportAgent: Awaited<ReturnType<TestBackend['createAgent']>>;
let approvingAdmin: Awaited<ReturnType<TestBackend['createAgent']>>;
let admin: AxiosInstance;
let agent: AxiosInstance;

beforeAll(async () => {
  lab = await startMailLab();
  backend = await startBackend({
    env: {
      MFA_DESK_DNS_SERVERS: lab.servers.join(','),
      MFA_DESK_TRUSTED_AUTHSERV_IDS: TRUSTED_AUTHSERV_ID,
      MFA_DESK_SUPPORT_ADDRESSES: `helpdesk@desk.example,${SUPPORT_ADDRESS}`,
      MFA_DESK_REQUEST_MAX_AGE_DAYS: String(MAX_AGE_DAYS),
    },
  });
  secondInstanceUrl = (await backend.startInstance()).url;
  adminAgent = await backend.createAgent('admin');
  supportAgent = await backend.createAgent('agent');
  approvingAdmin = await backend.createAgent('admin');
});
// Sessions are short-lived and some tests move the clock: sign in afresh for each test.
beforeEach(async () => {
  admin = await backend.agentHttp(adminAgent);
  agent = await backend.agentHttp(supportAgent);
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
});

const rfc822 = { 'content-type': 'message/rfc822' };
const key = () => ({ 'idempotency-key': randomUUID() });
/** The agent acknowledged every warning they were shown: what is refused here is refused for the message itself. */
const disableBody = (request: CheckedRequest) => ({
  requestId: request.id,
  reason: 'Lost phone',
  ticketRef: 'T-9000',
  acknowledgedWarnings: request.warnings.map((entry) => entry.code),
});

interface CheckedRequest {
  id: string;
  verdict: string;
  checks: Array<{ code: string; passed: boolean; message: string; params?: Record<string, string> }>;
  warnings: Array<{ code: string; message: string }>;
}

async function check(accountId: string, raw: Buffer, http: AxiosInstance = agent): Promise<CheckedRequest> {
  const res = await http.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: rfc822 });
  expect(res.status).toBe(201);
  return res.data as CheckedRequest;
}

/** The failed checks, less the authentication route not taken (DMARC at our server, when DKIM proved the sender). */
function failed(request: CheckedRequest): string[] {
  const authenticated = request.checks.some((entry) => entry.code === 'authenticated' && entry.passed);
  return request.checks
    .filter((entry) => !entry.passed && !(authenticated && entry.code === 'dmarc_trusted_receiver'))
    .map((entry) => entry.code);
}

const messageOf = (request: CheckedRequest, code: string) => request.checks.find((entry) => entry.code === code)?.message ?? '';
/** The facts a check names, as sent for a console that words it in its own language. */
const paramsOf = (request: CheckedRequest, code: string) => request.checks.find((entry) => entry.code === code)?.params;

/** A message from `user`, dated by the backend's clock unless the test says otherwise. */
function requestFrom(user: TestUser, parts: Partial<MessageParts> = {}) {
  return lab.message({
    from: `User <${user.login}>`,
    date: backend.clock.now(),
    body: `Please disable MFA. ${randomUUID()}\r\n`,
    ...parts,
  });
}

async function disable(accountId: string, request: CheckedRequest, http: AxiosInstance = agent) {
  return http.post(`/admin/v1/accounts/${accountId}/mfa/disable`, disableBody(request), { headers: key() });
}

async function mfaState(accountId: string): Promise<string> {
  return (await admin.get(`/admin/v1/accounts/${accountId}`)).data.mfa.state as string;
}

/** The user turns MFA on again after it was disabled, as they would on their new phone. */
async function enrolAgain(user: TestUser) {
  const headers = await signInWithPassword(backend, user.login);
  const started = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
  const secret = secretFromOtpauth(readQrDataUrl(started.data.qrCodeDataUrl));
  const confirmed = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret) }, { headers });
  expect(confirmed.status).toBe(200);
}

/** The same agent's session, talking to the second backend instance on the same database. */
function onSecondInstance(http: AxiosInstance): AxiosInstance {
  return axios.create({
    baseURL: secondInstanceUrl,
    validateStatus: () => true,
    headers: { authorization: String(http.defaults.headers['authorization']) },
  });
}

describe('a genuine e-mail that is not a request to support, now', () => {
  it('a DKIM-signed lunch invitation to a colleague is not verified and cannot back a disable', async () => {
    const user = await createUser(backend, admin, 'lunch.sender@corp.example');
    const lunch = await lab.sign(requestFrom(user, { to: 'Bob <bob@corp.example>', subject: 'Lunch on Friday?' }), 'corp.example');
    const request = await check(user.id, lunch);
    expect(request.verdict).toBe('not_a_request');
    expect(failed(request)).toEqual(['addressed_to_support', 'support_address_signed']);
    expect(messageOf(request, 'addressed_to_support')).toContain('bob@corp.example');
    const refused = await disable(user.id, request);
    expect(refused.status).toBe(422);
    expect(refused.data.code).toBe('request_not_verified');
    expect(await mfaState(user.id)).toBe('on');
  });

  it('a request to support whose To the signature does not cover is not verified', async () => {
    const user = await createUser(backend, admin, 'unsigned.to@corp.example');
    const raw = await lab.sign(requestFrom(user), 'corp.example', { headerList: SIGNED.filter((name) => name !== 'To') });
    const request = await check(user.id, raw);
    expect(request.verdict).toBe('not_a_request');
    expect(failed(request)).toEqual(['support_address_signed']);
    expect((await disable(user.id, request)).data.code).toBe('request_not_verified');
  });

  it('a request whose Date the signature does not cover is refused', async () => {
    const user = await createUser(backend, admin, 'unsigned.date@corp.example');
    const raw = await lab.sign(requestFrom(user), 'corp.example', { headerList: SIGNED.filter((name) => name !== 'Date') });
    const request = await check(user.id, raw);
    expect(request.verdict).toBe('not_a_request');
    expect(failed(request)).toEqual(['date_signed']);
    expect((await disable(user.id, request)).data.code).toBe('request_not_verified');
  });

  it('a genuine request sent 30 days ago is refused with its own check, not a warning', async () => {
    const user = await createUser(backend, admin, 'old.request@corp.example');
    const sent = new Date(backend.clock.now().getTime() - 30 * DAY_MS);
    const request = await check(user.id, await lab.sign(requestFrom(user, { date: sent }), 'corp.example'));
    expect(request.verdict).toBe('not_a_request');
    expect(failed(request)).toEqual(['date_within_max_age']);
    expect(messageOf(request, 'date_within_max_age')).toMatch(/30 days ago.*more than the 7 days allowed/);
    expect(paramsOf(request, 'date_within_max_age')).toEqual({ date: sent.toISOString(), days: '30', maxDays: '7' });
    expect(request.warnings).toEqual([]);
    expect((await disable(user.id, request)).data.code).toBe('request_not_verified');
    expect(await mfaState(user.id)).toBe('on');
  });

  it('a request dated a day ahead is refused', async () => {
    const user = await createUser(backend, admin, 'future.request@corp.example');
    const ahead = new Date(backend.clock.now().getTime() + DAY_MS);
    const request = await check(user.id, await lab.sign(requestFrom(user, { date: ahead }), 'corp.example'));
    expect(request.verdict).toBe('not_a_request');
    expect(failed(request)).toEqual(['date_not_in_future']);
    expect(paramsOf(request, 'date_not_in_future')).toEqual({ date: ahead.toISOString(), minutes: '1440', skewMinutes: '10' });
  });

  it('a request to the second configured support address, in Cc, is verified', async () => {
    const user = await createUser(backend, admin, 'cc.support@corp.example');
    const raw = await lab.sign(
      requestFrom(user, { to: 'manager@corp.example', extraHeaders: ['Cc: helpdesk@desk.example'] }),
      'corp.example',
    );
    expect((await check(user.id, raw)).verdict).toBe('verified');
  });
});

describe('a message backs one disable, ever', () => {
  it('the same message, checked twice before use, backs only the first disable; re-uploaded, it says when it was used', async () => {
    const user = await createUser(backend, admin, 'twice@corp.example');
    const other = await createUser(backend, admin, 'bystander@corp.example');
    const raw = await lab.sign(requestFrom(user), 'corp.example');
    const first = await check(user.id, raw);
    const second = await check(user.id, raw);
    expect([first.verdict, second.verdict]).toEqual(['verified', 'verified']);
    expect(second.warnings.map((entry) => entry.code)).toEqual(['message_id_reused']);

    expect((await disable(user.id, first)).status).toBe(200);
    await enrolAgain(user);
    expect(await mfaState(user.id)).toBe('on');

    // The second request was checked before the first disable and is still within its validity.
    const replayed = await disable(user.id, second);
    expect(replayed.status).toBe(409);
    expect(replayed.data.code).toBe('message_already_used');
    expect(await mfaState(user.id)).toBe('on');

    const today = backend.clock.now().toISOString().slice(0, 10);
    const again = await check(user.id, raw);
    expect(again.verdict).toBe('not_a_request');
    expect(failed(again)).toEqual(['message_not_reused']);
    expect(messageOf(again, 'message_not_reused')).toContain(`already used on ${today} to disable MFA on this account`);
    expect(paramsOf(again, 'message_not_reused')?.usedAt?.slice(0, 10)).toBe(today);
    expect((await disable(user.id, again)).data.code).toBe('request_not_verified');

    const elsewhere = await check(other.id, raw);
    expect(elsewhere.verdict).toBe('mismatch');
    expect(messageOf(elsewhere, 'message_not_reused')).toContain('on another account');
    expect(await mfaState(other.id)).toBe('on');
  });

  it('a used message with a rewritten unsigned Message-ID and added headers is still recognised', async () => {
    const user = await createUser(backend, admin, 'rewritten@corp.example');
    const original = await lab.sign(requestFrom(user, { messageId: '<original@corp.example>' }), 'corp.example', {
      headerList: SIGNED.filter((name) => name !== 'Message-ID'),
    });
    expect((await disable(user.id, await check(user.id, original))).status).toBe(200);
    await enrolAgain(user);

    const rewritten = prependHeaders(Buffer.from(original.toString('utf8').replace('<original@corp.example>', '<fresh@corp.example>')), [
      'Received: from mx.corp.example by mx.desk.example; Mon, 2 Mar 2026 09:00:00 +0000',
    ]);
    const request = await check(user.id, rewritten);
    expect(messageOf(request, 'dkim_aligned')).toMatch(/verifies/);
    expect(failed(request)).toEqual(['message_not_reused']);
    expect(request.verdict).toBe('not_a_request');
  });

  it(`${IN_FLIGHT} disables at once, each citing its own check of one message, over two instances: exactly one succeeds`, async () => {
    const user = await createUser(backend, admin, 'concurrent@corp.example');
    const raw = await lab.sign(requestFrom(user), 'corp.example');
    const requests: CheckedRequest[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) requests.push(await check(user.id, raw));
    expect(new Set(requests.map((request) => request.verdict))).toEqual(new Set(['verified']));

    const agents = [agent, onSecondInstance(agent)];
    const responses = await Promise.all(requests.map((request, i) => disable(user.id, request, agents[i % agents.length])));
    expect(responses.filter((res) => res.status === 200)).toHaveLength(1);
    const refused = responses.filter((res) => res.status !== 200);
    expect(refused.map((res) => res.status)).toEqual(Array(IN_FLIGHT - 1).fill(409));
    for (const res of refused) expect(['message_already_used', 'mfa_already_off']).toContain(res.data.code);

    const events = await backend.store.db
      .selectFrom('auditEvents')
      .select('action')
      .where('accountId', '=', user.id)
      .where('action', '=', 'mfa.disabled')
      .execute();
    expect(events).toHaveLength(1);
    const used = await backend.store.db
      .selectFrom('disableRequests')
      .select('id')
      .where('accountId', '=', user.id)
      .where('usedAt', 'is not', null)
      .execute();
    expect(used).toHaveLength(1);
    const claims = await backend.store.db.selectFrom('usedRequestMessages').selectAll().where('accountId', '=', user.id).execute();
    expect(claims.map((claim) => claim.requestId)).toEqual(Array(3).fill(used[0]?.id));
  });

  it('two claims of one message for two accounts at once: exactly one commits, the other rolls back', async () => {
    const accounts = [
      await createUser(backend, admin, 'claim.one@corp.example'),
      await createUser(backend, admin, 'claim.two@corp.example'),
    ];
    const identity = { messageId: `<${randomUUID()}@corp.example>`, sha256: randomUUID(), contentSha256: randomUUID() };
    const outcomes = await Promise.all(
      accounts.map((account) =>
        backend.store.db
          .transaction()
          .execute(async (tx) => {
            const claimed = await claimMessage(tx, identity, {
              requestId: randomUUID(),
              accountId: account.id,
              usedAt: new Date().toISOString(),
            });
            if (!claimed) throw new Error('already claimed');
          })
          .then(
            () => 'committed',
            () => 'rolled back',
          ),
      ),
    );
    expect(outcomes.sort()).toEqual(['committed', 'rolled back']);
    const rows = await backend.store.db
      .selectFrom('usedRequestMessages')
      .select('accountId')
      .where(
        'accountId',
        'in',
        accounts.map((a) => a.id),
      )
      .execute();
    expect(new Set(rows.map((row) => row.accountId)).size).toBe(1);
    expect(rows).toHaveLength(3);
  });

  it('a message behind an approved escalation is spent as well', async () => {
    const user = await createUser(backend, admin, 'escalated@corp.example');
    const raw = await lab.sign(requestFrom(user), 'corp.example', { headerList: SIGNED.filter((name) => name !== 'To') });
    const request = await check(user.id, raw);
    expect(request.verdict).toBe('not_a_request');
    const escalation = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      requestId: request.id,
      justification: 'User called from the number on file',
      reason: 'Lost phone',
      ticketRef: 'T-9001',
    });
    expect(escalation.status).toBe(201);
    const approver = await backend.agentHttp(approvingAdmin);
    const decided = await approver.post(
      `/admin/v1/escalations/${escalation.data.id}/decision`,
      { approve: true, note: 'Video call' },
      { headers: key() },
    );
    expect(decided.data.status).toBe('approved');
    await enrolAgain(user);
    expect(failed(await check(user.id, raw))).toContain('message_not_reused');
  });
});

describe('DKIM alignment as DMARC defines it, through the API', () => {
  it('a request signed by a subdomain of the sender’s organisation is verified and disables MFA (relaxed)', async () => {
    const user = await createUser(backend, admin, 'relaxed.user@contoso.example');
    const request = await check(user.id, await lab.sign(requestFrom(user), 'mail.contoso.example'));
    expect(request.verdict).toBe('verified');
    expect(paramsOf(request, 'dkim_aligned')).toEqual({ signer: 'mail.contoso.example' });
    expect(paramsOf(request, 'authenticated')).toEqual({ domain: 'contoso.example' });
    expect((await disable(user.id, request)).status).toBe(200);
  });

  it('the same signer is refused where the From domain’s DMARC record says adkim=s', async () => {
    lab.setDmarc('strict-corp.example', 'v=DMARC1; p=reject; adkim=s');
    const user = await createUser(backend, admin, 'strict.user@strict-corp.example');
    const request = await check(user.id, await lab.sign(requestFrom(user), 'mail.strict-corp.example'));
    expect(request.verdict).toBe('unauthenticated');
    expect(messageOf(request, 'dkim_aligned')).toMatch(/adkim=s/);
    expect(paramsOf(request, 'dkim_aligned')).toEqual({ signer: 'mail.strict-corp.example', domain: 'strict-corp.example' });
    expect((await disable(user.id, request)).data.code).toBe('request_not_verified');
  });
});

describe('a backend with no support address configured', () => {
  it('says so when it starts', async () => {
    const { dataDir } = await dataDirWithAgents([]);
    const server = await startServerProcess(dataDir, []);
    try {
      await expect
        .poll(() => server.output(), { timeout: 10_000 })
        .toMatch(/MFA_DESK_SUPPORT_ADDRESSES is not set: no disable request can be verified/);
    } finally {
      await server.stop();
    }
  });

  it('verifies nothing, and every check says why', async () => {
    const bare = await startBackend({
      env: { MFA_DESK_DNS_SERVERS: lab.servers.join(','), MFA_DESK_TRUSTED_AUTHSERV_IDS: TRUSTED_AUTHSERV_ID },
    });
    try {
      const bareAdmin = await bare.agentHttp(await bare.createAgent('admin'));
      const user = await createUser(bare, bareAdmin, 'nobody.listens@corp.example');
      const raw = await lab.sign(lab.message({ from: user.login }), 'corp.example');
      const request = await check(user.id, raw, bareAdmin);
      expect(request.verdict).toBe('not_a_request');
      expect(messageOf(request, 'addressed_to_support')).toMatch(
        /No support address is configured on this backend \(MFA_DESK_SUPPORT_ADDRESSES\)/,
      );
    } finally {
      await bare.close();
    }
  });
});
