/**
 * What an agent must have seen before MFA goes off, enforced by the server whatever the console shows:
 * every warning of a verified request acknowledged, and the login typed to approve a request from a
 * look-alike or different address.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import type { TestBackend } from '../../support/backend.js';
import { startMailDesk } from '../../support/mailDesk.js';
import { type MailLab } from '../../support/mailFactory.js';
import type { SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser } from '../../support/users.js';

let backend: TestBackend;
let lab: MailLab;
let smtp: SmtpReceiver;
let agent: AxiosInstance;
let admin: AxiosInstance;

beforeAll(async () => {
  ({ lab, smtp, backend } = await startMailDesk());
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
  await smtp?.close();
});

const key = () => ({ 'idempotency-key': randomUUID() });

async function checkSigned(accountId: string, from: string, extra: { replyTo?: string; messageId?: string | null } = {}) {
  const raw = await lab.sign(lab.message({ from, subject: 'Please disable MFA', ...extra }), 'corp.example');
  return agent.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: { 'content-type': 'message/rfc822' } });
}

const disabledEvents = async (accountId: string) =>
  (await agent.get(`/admin/v1/accounts/${accountId}/events`)).data.items.filter((e: { action: string }) => e.action === 'mfa.disabled');

describe('warnings of a verified request', () => {
  it('refuses a disable that does not acknowledge every warning, and changes nothing', async () => {
    const user = await createUser(backend, admin, 'wanda@corp.example');
    const request = await checkSigned(user.id, user.login, { replyTo: 'collector@elsewhere.example', messageId: null });
    expect(request.data.verdict).toBe('verified');
    const codes = request.data.warnings.map((w: { code: string }) => w.code).sort();
    expect(codes).toEqual(['message_id_missing', 'reply_to_elsewhere']);

    const url = `/admin/v1/accounts/${user.id}/mfa/disable`;
    const base = { requestId: request.data.id, reason: 'Lost phone', ticketRef: 'T-801' };
    // An attacker's console: no acknowledgement, one of two, a code the request does not have.
    for (const acknowledgedWarnings of [undefined, [], ['reply_to_elsewhere'], ['message_id_missing', 'something_else']]) {
      const res = await agent.post(url, { ...base, ...(acknowledgedWarnings ? { acknowledgedWarnings } : {}) }, { headers: key() });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.data.code).toBe('warnings_not_acknowledged');
    }
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('on');
    expect(await disabledEvents(user.id)).toHaveLength(0);
    const again = await agent.get(`/admin/v1/accounts/${user.id}/disable-requests/${request.data.id}`);
    expect(again.data.usedAt).toBeNull();
  });

  it('disables once every warning is acknowledged, and the audit event records the acknowledgements', async () => {
    const user = await createUser(backend, admin, 'walter@corp.example');
    const request = await checkSigned(user.id, user.login, { replyTo: 'collector@elsewhere.example' });
    expect(request.data.warnings.map((w: { code: string }) => w.code)).toEqual(['reply_to_elsewhere']);
    const res = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: request.data.id, reason: 'Lost phone', ticketRef: 'T-802', acknowledgedWarnings: ['reply_to_elsewhere'] },
      { headers: key() },
    );
    expect(res.status).toBe(200);
    expect(res.data.account.mfa.state).toBe('off');
    const events = await disabledEvents(user.id);
    expect(events).toHaveLength(1);
    expect(events[0].details.acknowledgedWarnings).toEqual([{ code: 'reply_to_elsewhere', message: request.data.warnings[0].message }]);
    await smtp.waitFor(user.login);
  });

  it('a request without warnings needs no acknowledgement, and records none', async () => {
    const user = await createUser(backend, admin, 'wilma@corp.example');
    const request = await checkSigned(user.id, user.login);
    expect(request.data.warnings).toEqual([]);
    const res = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: request.data.id, reason: 'Lost phone', ticketRef: 'T-803' },
      { headers: key() },
    );
    expect(res.status).toBe(200);
    expect((await disabledEvents(user.id))[0].details.acknowledgedWarnings).toEqual([]);
    await smtp.waitFor(user.login);
  });
});

describe('approving an escalated look-alike', () => {
  async function escalated(localPart: string, from: (login: string) => string) {
    const user = await createUser(backend, admin, `${localPart}@corp.example`);
    const request = await checkSigned(user.id, from(user.login));
    const escalation = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
      requestId: request.data.id,
      justification: 'User called back on the number on file',
      reason: 'Lost phone',
      ticketRef: 'T-810',
    });
    expect(escalation.status).toBe(201);
    return { user, verdict: request.data.verdict, escalationId: escalation.data.id as string };
  }
  const decide = (id: string, body: Record<string, unknown>) =>
    admin.post(`/admin/v1/escalations/${id}/decision`, body, { headers: key() });

  it('refuses an approval without the login typed exactly, and changes nothing', async () => {
    // "оlga" with a Cyrillic о: the sender imitates the login.
    const { user, verdict, escalationId } = await escalated('olga', (login) => login.replace('o', '\u043e'));
    expect(verdict).toBe('lookalike');
    for (const confirmLogin of [undefined, '', 'OLGA@corp.example', '\u043elga@corp.example', ' olga@corp.example']) {
      const res = await decide(escalationId, {
        approve: true,
        note: 'Identity checked',
        ...(confirmLogin === undefined ? {} : { confirmLogin }),
      });
      expect(res.status).toBe(422);
      expect(res.data.code).toBe('login_not_confirmed');
    }
    const queue = await admin.get('/admin/v1/escalations', { params: { status: 'pending' } });
    expect(queue.data.items.map((e: { id: string }) => e.id)).toContain(escalationId);
    expect((await admin.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('on');
  });

  it('approves with the login typed exactly; a rejection needs no login; a different address needs it too', async () => {
    const lookalike = await escalated('oscar', (login) => login.replace('o', '\u043e'));
    const approved = await decide(lookalike.escalationId, { approve: true, note: 'Identity checked', confirmLogin: lookalike.user.login });
    expect(approved.status).toBe(200);
    expect(approved.data.status).toBe('approved');
    expect((await admin.get(`/admin/v1/accounts/${lookalike.user.id}`)).data.mfa.state).toBe('off');
    await smtp.waitFor(lookalike.user.login);

    const mismatch = await escalated('otto', () => 'eve@corp.example');
    expect(mismatch.verdict).toBe('mismatch');
    expect((await decide(mismatch.escalationId, { approve: true, note: 'Identity checked' })).data.code).toBe('login_not_confirmed');
    const rejected = await decide(mismatch.escalationId, { approve: false, note: 'Ask the user to write from the login' });
    expect(rejected.data.status).toBe('rejected');
    expect((await admin.get(`/admin/v1/accounts/${mismatch.user.id}`)).data.mfa.state).toBe('on');
  });
});

describe('what the user wrote', () => {
  const checkRaw = (accountId: string, raw: Buffer) =>
    agent.post(`/admin/v1/accounts/${accountId}/disable-requests`, raw, { headers: { 'content-type': 'message/rfc822' } });

  it('returns the plain-text body, kept with the request, without characters that disguise text, and only an excerpt', async () => {
    const user = await createUser(backend, admin, 'bertha@corp.example');
    // A right-to-left override and a zero-width space could make the agent read something else than is there.
    const body = 'Hello,\r\nI lost my phone.\u202E Please turn MFA off.\u200B\r\nBertha\r\n';
    const checked = await checkRaw(user.id, await lab.sign(lab.message({ from: user.login, body }), 'corp.example'));
    expect(checked.status).toBe(201);
    expect(checked.data.bodyText).toBe('Hello,\nI lost my phone. Please turn MFA off.\nBertha');
    const stored = await agent.get(`/admin/v1/accounts/${user.id}/disable-requests/${checked.data.id}`);
    expect(stored.data.bodyText).toBe(checked.data.bodyText);

    const long = await checkRaw(user.id, lab.message({ from: user.login, body: `${'x'.repeat(9000)}\r\n` }));
    expect(long.data.bodyText).toHaveLength(4001);
    expect(long.data.bodyText.endsWith('…')).toBe(true);
  });

  it('reads an HTML-only message as text, without its scripts and tags; a typed sender has no body', async () => {
    const user = await createUser(backend, admin, 'hector@corp.example');
    const html = lab.message({
      from: user.login,
      body: '<html><script>alert(1)</script><p>Please <b>disable</b> MFA &amp; thanks</p></html>\r\n',
    });
    const asHtml = Buffer.from(html.toString('utf8').replace('Content-Type: text/plain', 'Content-Type: text/html'));
    const checked = await checkRaw(user.id, asHtml);
    expect(checked.data.bodyText).toBe('Please disable MFA & thanks');
    const typed = await agent.post(`/admin/v1/accounts/${user.id}/disable-requests`, { senderAddress: user.login });
    expect(typed.data.bodyText).toBeNull();
  });
});
