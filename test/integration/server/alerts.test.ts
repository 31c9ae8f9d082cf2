import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { appendAudit } from '../../../src-server/domain/audit/chain.js';
import { addSeconds } from '../../../src-server/domain/platform/clock.js';
import type { Alert } from '../../../src-shared/auditApi.js';
import type { AuditAction } from '../../../src-shared/domain.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

let backend: TestBackend;
let admin: AxiosInstance;
let agent: AxiosInstance;
let auditor: AxiosInstance;
let replayed: TestUser;
let resetVictim: TestUser;
let alerts: Alert[];

/** History written through the audit log's own append, at chosen times: what weeks of work would leave. */
async function history(actor: { id: string; email: string }, action: AuditAction, at: Date, account: string | null = null) {
  await appendAudit(
    backend.store.db,
    {
      actorType: 'agent',
      actorId: actor.id,
      actorLabel: actor.email,
      action,
      accountId: account,
      accountLogin: account && `${account}@corp.example`,
    },
    at,
  );
}

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
  auditor = await backend.agentHttp(await backend.createAgent('auditor'));
  const now = backend.clock.now();
  const hoursAgo = (h: number) => addSeconds(now, -h * 3600);

  // A quiet agent (one disable an hour when active) who suddenly disables seven in the last hour,
  // and a busy one (four an hour) for whom six is an ordinary hour.
  const quiet = { id: 'agent-quiet', email: 'quiet@desk.test' };
  const busy = { id: 'agent-busy', email: 'busy@desk.test' };
  for (let day = 1; day <= 5; day++) await history(quiet, 'mfa.disabled', hoursAgo(day * 24), `old${day}`);
  // Each earlier day's four fall inside one clock hour, whatever minute the test runs at.
  const hourStart = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
  for (let day = 1; day <= 5; day++)
    for (let k = 0; k < 4; k++)
      await history(busy, 'mfa.reset.started', addSeconds(hourStart(hoursAgo(day * 24)), k * 60), `older${day}-${k}`);
  for (let k = 0; k < 7; k++)
    await history(quiet, k % 2 ? 'mfa.disabled' : 'mfa.disabled.by_escalation', addSeconds(now, -50 * 60 + k * 60), `victim${k}`);
  for (let k = 0; k < 6; k++) await history(busy, 'mfa.reset.started', addSeconds(now, -40 * 60 + k * 60), `normal${k}`);

  // Code replays through the real sign-in: the same code typed again and again.
  replayed = await createUser(backend, admin, 'replayed@corp.example');
  backend.clock.nextStep();
  const code = backend.codeFor(replayed.secret!);
  for (let i = 0; i < 4; i++) {
    const login = await backend.http.post('/v1/auth/login', { email: replayed.login, password: USER_PASSWORD });
    await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code });
  }

  // Locked twice this week.
  for (const h of [100, 30])
    await appendAudit(
      backend.store.db,
      {
        actorType: 'user',
        actorId: replayed.id,
        actorLabel: replayed.login,
        action: 'user.mfa.locked',
        accountId: replayed.id,
        accountLogin: replayed.login,
      },
      hoursAgo(h),
    );

  // Support disables MFA (two-person way), then someone fails to sign in, over and over.
  resetVictim = await createUser(backend, admin, 'victim@corp.example');
  const escalation = await agent.post(`/admin/v1/accounts/${resetVictim.id}/mfa/disable-escalations`, {
    justification: 'Says they lost the phone',
    reason: 'Lost phone',
    ticketRef: 'T-9',
  });
  await admin.post(
    `/admin/v1/escalations/${escalation.data.id}/decision`,
    { approve: true, note: 'Approved' },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  for (let i = 0; i < 3; i++) await backend.http.post('/v1/auth/login', { email: resetVictim.login, password: 'a wrong password' });

  const res = await auditor.get('/admin/v1/alerts');
  expect(res.status).toBe(200);
  alerts = res.data.items;
});
afterAll(() => backend.close());

describe('alerts', () => {
  it('flags an agent far above their own normal, and not a busy agent having a normal hour', () => {
    const spikes = alerts.filter((a) => a.kind === 'agent_action_spike');
    expect(spikes.map((a) => a.subject.label)).toEqual(['quiet@desk.test']);
    expect(spikes[0]).toMatchObject({ count: 7, subject: { type: 'agent', id: 'agent-quiet' } });
    expect(spikes[0]!.evidence).toHaveLength(7);
  });

  it('flags repeated code replays and repeated lockouts on one account', () => {
    expect(alerts.find((a) => a.kind === 'code_replays')).toMatchObject({ subject: { id: replayed.id, label: replayed.login }, count: 3 });
    expect(alerts.find((a) => a.kind === 'repeated_lockouts')).toMatchObject({ subject: { id: replayed.id }, count: 2 });
  });

  it('flags failed sign-ins after support disabled MFA, with the disable as evidence', async () => {
    const alert = alerts.find((a) => a.kind === 'failures_after_reset')!;
    expect(alert).toMatchObject({ severity: 'critical', subject: { id: resetVictim.id }, count: 3 });
    const disable = (await auditor.get('/admin/v1/audit', { params: { account: resetVictim.id, action: 'mfa.disabled.by_escalation' } }))
      .data.items[0];
    expect(alert.evidence).toContain(disable.seq);
  });

  it('is for auditors and admins', async () => {
    expect((await admin.get('/admin/v1/alerts')).status).toBe(200);
    expect((await agent.get('/admin/v1/alerts')).status).toBe(403);
  });
});
