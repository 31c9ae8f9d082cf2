import { randomUUID } from 'node:crypto';
import type { TicketStatus } from '../../../src-shared/resetApi.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { effectiveMfaState } from '../../../src-server/domain/accounts/accounts.js';
import { addSeconds, iso } from '../../../src-server/domain/platform/clock.js';
import type { MfaReport } from '../../../src-shared/auditApi.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let admin: AxiosInstance;
let agent: AxiosInstance;
let auditor: AxiosInstance;
let report: MfaReport;

const demoAgent = (role: string) => backend.demo!.agents.find((a) => a.role === role)!;

/** Support disables MFA the two-person way (escalation, then another admin approves). */
async function disableByEscalation(accountId: string) {
  const escalation = await agent.post(`/admin/v1/accounts/${accountId}/mfa/disable-escalations`, {
    justification: 'Called from the login address, ID checked',
    reason: 'Lost phone',
    ticketRef: 'T-7',
  });
  expect(escalation.status).toBe(201);
  const decided = await admin.post(
    `/admin/v1/escalations/${escalation.data.id}/decision`,
    { approve: true, note: 'Confirmed by video call' },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(decided.status).toBe(200);
}

/** The user turns MFA back on through the real end-user API, reading the QR code like a phone. */
async function reEnrol(login: string, password: string) {
  const signedIn = await backend.http.post('/v1/auth/login', { email: login, password });
  const headers = { authorization: `Bearer ${signedIn.data.token}` };
  const started = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
  const secret = secretFromOtpauth(readQrDataUrl(started.data.qrCodeDataUrl));
  expect((await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret) }, { headers })).status).toBe(200);
}

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  admin = await backend.agentHttp(demoAgent('admin'));
  agent = await backend.agentHttp(demoAgent('agent'));
  auditor = await backend.agentHttp(demoAgent('auditor'));
  const [first, second] = backend.demo!.users.filter((u) => u.mfa === 'on');
  for (const user of [first!, second!]) {
    const row = await backend.store.db.selectFrom('accounts').select('id').where('loginNorm', '=', user.email).executeTakeFirstOrThrow();
    await disableByEscalation(row.id);
  }
  await reEnrol(first!.email, first!.password);

  // Re-enrolment tickets in every situation the report tells apart.
  const accounts = await backend.store.db.selectFrom('accounts').select('id').limit(5).execute();
  const now = backend.clock.now();
  const ticket = (i: number, status: TicketStatus, createdHoursAgo: number, expiresInHours: number) => ({
    id: randomUUID(),
    accountId: accounts[i]!.id,
    tokenHash: randomUUID(),
    channel: 'email' as const,
    reason: 'New phone',
    ticketRef: `T-${i}`,
    revokeOldNow: 0,
    status,
    version: 1,
    createdBy: 'x',
    createdByLabel: 'agent@desk.example',
    createdAt: iso(addSeconds(now, -createdHoursAgo * 3600)),
    expiresAt: iso(addSeconds(now, expiresInHours * 3600)),
    emailSentAt: null,
    linkOpenedAt: null,
    signedInAt: null,
    qrShownAt: null,
    enrolledAt: null,
    endedAt: null,
    emailsSent: 0,
    failedAttempts: 0,
    nextAttemptAt: null,
    lockedUntil: null,
  });
  await backend.store.db
    .insertInto('enrollmentTickets')
    .values([
      ticket(0, 'issued', 1, 47), // pending
      ticket(1, 'link_opened', 2, 10), // pending
      ticket(2, 'email_sent', 72, -24), // overdue: open past its expiry
      ticket(3, 'qr_shown', 96, -48), // overdue: stopped at the QR code, past its expiry
      ticket(4, 'cancelled', 96, -48), // replaced by the newer reset below, which the user finished
      ticket(4, 'enrolled', 3, 45),
    ])
    .execute();
  report = (await auditor.get('/admin/v1/reports/mfa')).data;
});
afterAll(() => backend.close());

describe('the MFA report equals a brute-force count of the data', () => {
  it('totals, shares, locks, departments and domains', async () => {
    const now = backend.clock.now();
    const rows = await backend.store.db.selectFrom('accounts').selectAll().execute();
    const tally = (subset: typeof rows) => {
      const byState = { off: 0, pending: 0, on: 0, locked: 0 };
      for (const r of subset) byState[effectiveMfaState(r, now)]++;
      return { accounts: subset.length, byState, coverage: subset.filter((r) => r.mfaState === 'on').length / subset.length };
    };
    const all = tally(rows);
    expect(report.totals).toMatchObject({ accounts: all.accounts, byState: all.byState });
    expect(report.totals.coverage).toBeCloseTo(all.coverage, 12);
    expect(report.totals.shares.locked).toBeCloseTo(all.byState.locked / rows.length, 12);
    expect(report.locked).toBe(rows.filter((r) => r.lockedUntil !== null && r.lockedUntil > iso(now)).length);
    expect(Object.values(all.byState).every((n) => n > 0)).toBe(true);
    for (const [field, key] of [
      ['byDepartment', 'department'],
      ['byDomain', 'domain'],
    ] as const) {
      const keys = [...new Set(rows.map((r) => r[key]))].sort((a, b) => a.localeCompare(b));
      expect(report[field].map((b) => b.key)).toEqual(keys);
      for (const b of report[field]) {
        const expected = tally(rows.filter((r) => r[key] === b.key));
        expect(b).toMatchObject({ accounts: expected.accounts, byState: expected.byState });
        expect(b.coverage).toBeCloseTo(expected.coverage, 12);
      }
    }
  });

  it('support disables in the last 7 and 30 days, and how many were re-enabled since', () => {
    expect(report.disabledBySupport.last7Days).toEqual({ disabled: 2, reEnabled: 1 });
    expect(report.disabledBySupport.last30Days).toEqual({ disabled: 2, reEnabled: 1 });
  });

  it('resets pending and overdue', () => {
    expect(report.resets).toEqual({ pending: 2, overdue: 2 });
  });

  it('actions per agent over 30 days, without their own sign-ins', async () => {
    const events = await backend.store.db.selectFrom('auditEvents').selectAll().where('actorType', '=', 'agent').execute();
    const work = events.filter((e) => !['agent.login.succeeded', 'agent.login.failed', 'agent.logout'].includes(e.action));
    const byAgent = new Map<string, number>();
    for (const e of work) byAgent.set(e.actorLabel, (byAgent.get(e.actorLabel) ?? 0) + 1);
    expect(Object.fromEntries(report.actionsPerAgent.items.map((a) => [a.agentLabel, a.total]))).toEqual(Object.fromEntries(byAgent));
    const sam = report.actionsPerAgent.items.find((a) => a.agentLabel === 'agent@desk.example')!;
    expect(sam.byAction['mfa.disable.escalated']).toBe(2);
  });

  it('coverage on each of the last 90 days, from the factors’ own confirmed and revoked times', async () => {
    const accounts = await backend.store.db.selectFrom('accounts').select('createdAt').execute();
    const factors = await backend.store.db.selectFrom('totpFactors').select(['confirmedAt', 'revokedAt']).execute();
    expect(report.coverageSeries).toHaveLength(90);
    expect(report.coverageSeries[89]!.day).toBe(iso(backend.clock.now()).slice(0, 10));
    for (const point of report.coverageSeries) {
      const upTo = (t: string | null) => t !== null && t.slice(0, 10) <= point.day;
      const on = factors.filter((f) => upTo(f.confirmedAt) && !upTo(f.revokedAt)).length;
      expect(point).toMatchObject({ accounts: accounts.filter((a) => upTo(a.createdAt)).length, mfaOn: on });
    }
    expect(new Set(report.coverageSeries.map((p) => p.accounts)).size).toBeGreaterThan(1);
  });
});

describe('who may read it', () => {
  it('auditors and admins may; agents may not', async () => {
    expect((await admin.get('/admin/v1/reports/mfa')).status).toBe(200);
    const refused = await agent.get('/admin/v1/reports/mfa');
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await backend.http.get('/admin/v1/reports/mfa')).status).toBe(401);
  });
});

describe('gap lists', () => {
  let gapsHttp: AxiosInstance;
  beforeAll(async () => {
    gapsHttp = await backend.agentHttp(await backend.createAgent('auditor'));
  });

  it('list exactly the accounts behind each gap, page by page, in a stable order', async () => {
    const now = backend.clock.now().toISOString();
    const rows = await backend.store.db.selectFrom('accounts').select(['id', 'mfaState', 'lockedUntil']).execute();
    const expected = {
      no_mfa: rows.filter((r) => r.mfaState === 'off').map((r) => r.id),
      pending: rows.filter((r) => r.mfaState === 'pending').map((r) => r.id),
      locked: rows.filter((r) => r.lockedUntil !== null && r.lockedUntil > now).map((r) => r.id),
    };
    for (const [kind, ids] of Object.entries(expected)) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await gapsHttp.get('/admin/v1/reports/mfa/gaps', { params: { kind, limit: 25, cursor } });
        expect(page.status).toBe(200);
        seen.push(...page.data.items.map((e: { account: { id: string } }) => e.account.id));
        cursor = page.data.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual([...ids].sort());
    }
  });

  it('refuses an unknown kind or a forged cursor with a 400', async () => {
    expect((await gapsHttp.get('/admin/v1/reports/mfa/gaps', { params: { kind: 'everyone' } })).status).toBe(400);
    expect((await gapsHttp.get('/admin/v1/reports/mfa/gaps', { params: { kind: 'locked', cursor: 'bm9wZQ' } })).data.code).toBe(
      'invalid_cursor',
    );
  });
});
