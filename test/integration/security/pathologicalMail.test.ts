/**
 * One e-mail must not freeze the server (issue #8 §6). Before, a message with 40,000 folded header
 * lines held the event loop for 20 s while it was parsed and its DKIM signature verified. Now the
 * header section is measured before anything parses it, the check itself runs in a worker thread
 * with a time budget, and the rest of the API keeps answering meanwhile. Refusals record nothing.
 */
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_LIMITS, measureHeaderSection } from '../../../src-server/domain/disable/messageCheck/headerLimits.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { prependHeaders, startMailLab, type MailLab } from '../../support/mailFactory.js';
import { createUser } from '../../support/users.js';

// Short, so the over-budget case ends quickly; every other check here needs a small part of it.
const BUDGET_MS = 2000;
const KEY_SELECTOR = 'mfa2025';

let lab: MailLab;
let backend: TestBackend;
let admin: AxiosInstance;
let agent: AxiosInstance;

beforeAll(async () => {
  lab = await startMailLab();
  backend = await startBackend({
    env: {
      MFA_DESK_DNS_SERVERS: lab.servers.join(','),
      MFA_DESK_SUPPORT_ADDRESSES: 'support@desk.example',
      MFA_DESK_MAIL_CHECK_BUDGET_MS: String(BUDGET_MS),
    },
  });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
});

function check(accountId: string, raw: Buffer) {
  return agent.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: { 'content-type': 'message/rfc822' } });
}

/** What a check would have left behind: stored requests and audited checks of the account. */
async function recordedChecks(accountId: string) {
  const db = backend.store.db;
  const requests = await db.selectFrom('disableRequests').select('id').where('accountId', '=', accountId).execute();
  const audited = await db
    .selectFrom('auditEvents')
    .select('seq')
    .where('accountId', '=', accountId)
    .where('action', '=', 'mfa.disable_request.checked')
    .execute();
  return { stored: requests.length, audited: audited.length };
}

function signedRequest(login: string, extraHeaders: string[] = []) {
  const domain = login.split('@')[1] ?? '';
  return lab.sign(lab.message({ from: `User <${login}>`, extraHeaders }), domain);
}

/** One header field folded over `lines` lines of `width` characters: the shape that was quadratic to parse. */
function foldedField(lines: number, width: number): string {
  const fold = 'x'.repeat(width);
  return ['X-Filler: start', ...Array.from({ length: lines }, (_, i) => ` ${fold}${i}`)].join('\r\n');
}

describe('an e-mail too complex to check', () => {
  it('refuses 40,000 folded header lines with 422 message_too_complex and records nothing', async () => {
    const user = await createUser(backend, admin, 'folded.lines@corp.example');
    // Signed, so that before the limits the whole of it went through DKIM verification.
    const res = await check(user.id, prependHeaders(await signedRequest(user.login), [foldedField(40_000, 8)]));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({ code: 'message_too_complex', status: 422 });
    expect(res.data.detail).toContain(`more than ${HEADER_LIMITS.maxLines} header lines`);
    expect(await recordedChecks(user.id)).toEqual({ stored: 0, audited: 0 });
  });

  it('refuses a header block larger than the limit, in few lines, with 422 message_too_complex and records nothing', async () => {
    const user = await createUser(backend, admin, 'huge.header@corp.example');
    const raw = prependHeaders(await signedRequest(user.login), [foldedField(100, 3000)]);
    expect(measureHeaderSection(raw)).toEqual({ within: false, exceeded: 'bytes' });
    const res = await check(user.id, raw);
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ code: 'message_too_complex' });
    expect(res.data.detail).toContain('KiB of headers');
    expect(await recordedChecks(user.id)).toEqual({ stored: 0, audited: 0 });
  });
});

describe('a check runs beside the server, not in its way', () => {
  it('answers /healthz and an account search while a worst-case message within the limits is being checked', async () => {
    const user = await createUser(backend, admin, 'rosa@slow-dns.example');
    // As close to both limits as a message may come: one field folded over nearly all the allowed lines.
    const raw = await signedRequest(user.login, [foldedField(950, 240)]);
    const measure = measureHeaderSection(raw);
    expect(measure.within).toBe(true);
    if (measure.within) {
      expect(measure.lines).toBeGreaterThan(HEADER_LIMITS.maxLines * 0.95);
      expect(measure.bytes).toBeGreaterThan(HEADER_LIMITS.maxBytes * 0.85);
    }
    // The signer's key lookup waits until the other requests are answered, so the order is certain.
    const dns = lab.dns.hold(`${KEY_SELECTOR}._domainkey.slow-dns.example`);
    const finished: string[] = [];
    const checking = check(user.id, raw).then((res) => {
      finished.push('check');
      return res;
    });
    await dns.asked;
    const health = await backend.http.get('/healthz');
    finished.push('healthz');
    const search = await agent.get('/admin/v1/accounts', { params: { q: 'rosa' } });
    finished.push('search');
    dns.release();
    const checked = await checking;

    expect(health.status).toBe(200);
    expect(search.status).toBe(200);
    expect(search.data.items.map((item: { login: string }) => item.login)).toContain(user.login);
    expect(finished).toEqual(['healthz', 'search', 'check']);
    expect(checked.status).toBe(201);
    expect(checked.data.verdict).toBe('verified');
    expect(await recordedChecks(user.id)).toEqual({ stored: 1, audited: 1 });
  });

  it('stops a check over its time budget with 422 message_check_timeout, records nothing, and checks the next message', async () => {
    const stuck = await createUser(backend, admin, 'sam@dead-dns.example');
    const raw = await signedRequest(stuck.login);
    // A DNS server that never answers keeps the worker busy past the budget (the resolver itself waits longer).
    const dns = lab.dns.hold(`${KEY_SELECTOR}._domainkey.dead-dns.example`);
    const finished: string[] = [];
    const checking = check(stuck.id, raw).then((res) => {
      finished.push('check');
      return res;
    });
    await dns.asked;
    expect((await backend.http.get('/healthz')).status).toBe(200);
    finished.push('healthz');
    const res = await checking;
    dns.release();

    expect(finished).toEqual(['healthz', 'check']);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({ code: 'message_check_timeout', status: 422 });
    expect(await recordedChecks(stuck.id)).toEqual({ stored: 0, audited: 0 });

    // The worker that ran over was replaced: the pool checks the next messages, two at once.
    const next = await Promise.all(
      ['next.one@corp.example', 'next.two@corp.example'].map(async (login) => {
        const user = await createUser(backend, admin, login);
        return check(user.id, await signedRequest(login));
      }),
    );
    expect(next.map((answer) => [answer.status, answer.data.verdict])).toEqual([
      [201, 'verified'],
      [201, 'verified'],
    ]);
  });
});
