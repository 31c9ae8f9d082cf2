import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import type { SubjectAccessExport } from '../../../src-shared/auditApi.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let admin: AxiosInstance;
let agent: AxiosInstance;
let auditor: AxiosInstance;
let user: { id: string; login: string; password: string; totpSecret: string };

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  const role = (r: string) => backend.demo!.agents.find((a) => a.role === r)!;
  admin = await backend.agentHttp(role('admin'));
  agent = await backend.agentHttp(role('agent'));
  auditor = await backend.agentHttp(role('auditor'));
  const demoUser = backend.demo!.users.find((u) => u.mfa === 'on')!;
  const row = await backend.store.db.selectFrom('accounts').select('id').where('loginNorm', '=', demoUser.email).executeTakeFirstOrThrow();
  user = { id: row.id, login: demoUser.email, password: demoUser.password, totpSecret: demoUser.totpSecret! };

  // A life worth exporting: a sign-in, a checked request, an escalation approved, the notice e-mailed.
  backend.clock.nextStep();
  const login = await backend.http.post('/v1/auth/login', { email: user.login, password: user.password });
  await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(user.totpSecret) });
  const request = await agent.post(`/admin/v1/accounts/${user.id}/disable-requests`, { senderAddress: user.login });
  expect(request.status).toBe(201);
  const escalation = await agent.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
    requestId: request.data.id,
    justification: 'Phone lost, identity checked on a call',
    reason: 'Lost phone',
    ticketRef: 'T-42',
  });
  expect(escalation.status).toBe(201);
  const decided = await admin.post(
    `/admin/v1/escalations/${escalation.data.id}/decision`,
    { approve: true, note: 'Checked' },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(decided.status).toBe(200);
});
afterAll(() => backend.close());

describe('data-subject access export', () => {
  it('holds everything about the person, as a download', async () => {
    const res = await admin.get(`/admin/v1/accounts/${user.id}/subject-access`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="subject-access-${user.id}.json"`);
    const data = res.data as SubjectAccessExport;
    expect(data.account).toMatchObject({ id: user.id, login: user.login, hasPassword: true, mfaState: 'off' });
    expect(data.factors.length).toBeGreaterThan(0);
    expect(data.factors.every((f) => f.status === 'revoked')).toBe(true);
    expect(data.sessions.length).toBeGreaterThanOrEqual(2);
    const actions = data.auditEvents.map((e) => e.action);
    for (const action of [
      'account.created',
      'user.mfa.enrollment.confirmed',
      'user.mfa.succeeded',
      'mfa.disable_request.checked',
      'mfa.disable.escalated',
      'mfa.disabled.by_escalation',
      'account.subject_access.exported',
    ]) {
      expect(actions).toContain(action);
    }
    expect(data.disableRequests).toHaveLength(1);
    expect(data.disableRequests[0]).toMatchObject({ source: 'typed_address', verdict: 'unauthenticated' });
    expect(data.escalations).toHaveLength(1);
    expect(data.escalations[0]).toMatchObject({ ticketRef: 'T-42', status: 'approved', decidedByLabel: 'admin@desk.example' });
    expect(data.emails.map((e) => e.to)).toEqual([user.login]);
    expect(data.enrollmentTickets).toEqual([]);
  });

  it('contains no secret, password hash or token hash', async () => {
    const res = await admin.get(`/admin/v1/accounts/${user.id}/subject-access`, { responseType: 'text' });
    const text = res.data as string;
    const db = backend.store.db;
    const account = await db.selectFrom('accounts').select('passwordHash').where('id', '=', user.id).executeTakeFirstOrThrow();
    const factors = await db.selectFrom('totpFactors').select('secretEnc').where('accountId', '=', user.id).execute();
    const sessions = await db.selectFrom('sessions').select('tokenHash').where('subjectId', '=', user.id).execute();
    const secrets = [account.passwordHash!, ...factors.map((f) => f.secretEnc), ...sessions.map((s) => s.tokenHash), user.totpSecret];
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|secretEnc|tokenHash|totpSecret/);
  });

  it('is for admins only, and a missing account is a 404 problem', async () => {
    expect((await agent.get(`/admin/v1/accounts/${user.id}/subject-access`)).status).toBe(403);
    expect((await auditor.get(`/admin/v1/accounts/${user.id}/subject-access`)).status).toBe(403);
    const missing = await admin.get('/admin/v1/accounts/no-such-account/subject-access');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
