/**
 * The role × route matrix: every admin route in the app (read from the OpenAPI document, so a new
 * route without a row here fails the test), called by each role with a well-formed request, is
 * allowed or refused exactly as PERMISSIONS in src-shared/domain.ts says.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { ROLES, roleAllows, type Permission, type Role } from '../../../src-shared/domain.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

type Rule = Permission | 'signed-in' | 'public';
interface RouteCase {
  rule: Rule;
  /** A well-formed request (so validation never answers before the role check), at ids that do not exist. */
  request: () => AxiosRequestConfig;
  /** The call ends the caller's session: give it a session of its own. */
  ownSession?: boolean;
}

const missing = 'no-such-id';
const key = () => ({ 'idempotency-key': randomUUID() });
let n = 0;

const MATRIX: Record<string, RouteCase> = {
  'POST /admin/v1/sessions': { rule: 'public', request: () => ({}) },
  'DELETE /admin/v1/sessions/current': { rule: 'signed-in', ownSession: true, request: () => ({}) },
  'GET /admin/v1/me': { rule: 'signed-in', request: () => ({}) },
  'POST /admin/v1/me/password': {
    rule: 'signed-in',
    request: () => ({ data: { currentPassword: 'not the password', newPassword: 'a long new password' } }),
  },
  'GET /admin/v1/accounts': { rule: 'accounts.read', request: () => ({ params: { q: 'a' } }) },
  'POST /admin/v1/accounts': {
    rule: 'accounts.create',
    request: () => ({ data: { login: `matrix${++n}@example.org`, displayName: 'Matrix', department: 'QA' } }),
  },
  'GET /admin/v1/accounts/{id}': { rule: 'accounts.read', request: () => ({}) },
  'GET /admin/v1/accounts/{id}/events': { rule: 'accounts.read', request: () => ({}) },
  'POST /admin/v1/accounts/{id}/disable-requests': {
    rule: 'disableRequests.check',
    request: () => ({ data: { senderAddress: 'someone@example.org' } }),
  },
  'GET /admin/v1/accounts/{id}/disable-requests/{requestId}': { rule: 'accounts.read', request: () => ({}) },
  'POST /admin/v1/accounts/{id}/mfa/disable': {
    rule: 'mfa.disable',
    request: () => ({ headers: key(), data: { requestId: missing, reason: 'Lost phone', ticketRef: 'T-1' } }),
  },
  'POST /admin/v1/accounts/{id}/mfa/disable-escalations': {
    rule: 'mfa.disable',
    request: () => ({ data: { justification: 'Checked on a video call', reason: 'Lost phone', ticketRef: 'T-1' } }),
  },
  'GET /admin/v1/escalations': { rule: 'accounts.read', request: () => ({}) },
  'POST /admin/v1/escalations/{id}/decision': {
    rule: 'escalations.decide',
    request: () => ({ headers: key(), data: { approve: false, note: 'No proof' } }),
  },
  'GET /admin/v1/outbox': { rule: 'accounts.read', request: () => ({}) },
  'POST /admin/v1/accounts/{id}/mfa/reset': {
    rule: 'mfa.reset',
    request: () => ({ headers: key(), data: { channel: 'email', reason: 'New phone', ticketRef: 'T-1', revokeOldNow: false } }),
  },
  'GET /admin/v1/accounts/{id}/mfa/reset': { rule: 'accounts.read', request: () => ({}) },
  'GET /admin/v1/enrollment-tickets/{id}': { rule: 'accounts.read', request: () => ({}) },
  'POST /admin/v1/enrollment-tickets/{id}/cancel': { rule: 'mfa.reset', request: () => ({ data: {} }) },
  'POST /admin/v1/enrollment-tickets/{id}/resend': { rule: 'mfa.reset', request: () => ({ data: {} }) },
  'POST /admin/v1/accounts/{id}/mfa/clock-check': { rule: 'mfa.reset', request: () => ({ data: { code: '123456' } }) },
  'GET /admin/v1/audit': { rule: 'audit.read', request: () => ({}) },
  'GET /admin/v1/audit/verify': { rule: 'audit.read', request: () => ({}) },
  'GET /admin/v1/audit/export': { rule: 'audit.export', request: () => ({ params: { format: 'jsonl' } }) },
  'GET /admin/v1/reports/mfa': { rule: 'reports.read', request: () => ({}) },
  'GET /admin/v1/reports/mfa/gaps': { rule: 'reports.read', request: () => ({ params: { kind: 'no_mfa' } }) },
  'GET /admin/v1/alerts': { rule: 'alerts.read', request: () => ({}) },
  'GET /admin/v1/accounts/{id}/subject-access': { rule: 'subjectAccess.export', request: () => ({}) },
  'GET /admin/v1/agents': { rule: 'agents.manage', request: () => ({}) },
  'POST /admin/v1/agents': {
    rule: 'agents.manage',
    request: () => ({ data: { email: `matrix.agent${++n}@desk.test`, displayName: 'Matrix', role: 'agent' } }),
  },
  'PATCH /admin/v1/agents/{id}': { rule: 'agents.manage', request: () => ({ data: { role: 'auditor', reason: 'Matrix test' } }) },
  'POST /admin/v1/agents/{id}/mfa/reset': { rule: 'agents.manage', request: () => ({ data: { reason: 'Matrix test' } }) },
};

let backend: TestBackend;
const credentials = new Map<Role, { email: string; password: string; totpSecret: string }>();
const sessions = new Map<Role, AxiosInstance>();
let adminRoutes: string[] = [];

beforeAll(async () => {
  backend = await startBackend();
  for (const role of ROLES) {
    const agent = await backend.createAgent(role);
    credentials.set(role, agent);
    sessions.set(role, await backend.agentHttp(agent));
  }
  const spec = (await backend.http.get('/openapi.json')).data as { paths: Record<string, Record<string, unknown>> };
  adminRoutes = Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/admin/'))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
});
afterAll(() => backend.close());

function send(http: AxiosInstance, route: string, rc: RouteCase) {
  const [method, path] = route.split(' ') as [string, string];
  const url = path.replace(/\{[A-Za-z]+\}/g, missing);
  return http.request({ method, url, responseType: 'text', ...rc.request() });
}

const expected = (rule: Rule, role: Role) => rule === 'public' || rule === 'signed-in' || roleAllows(role, rule);

describe('role × route matrix', () => {
  it('has a row for every admin route the app serves, and no row for a route it does not', () => {
    expect(adminRoutes.length).toBeGreaterThan(20);
    expect([...adminRoutes].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const rows = Object.entries(MATRIX).filter(([, rc]) => rc.rule !== 'public');
  it.each(rows.flatMap(([route, rc]) => ROLES.map((role) => [route, role, rc] as const)))('%s as %s', async (route, role, rc) => {
    const http = rc.ownSession ? await backend.agentHttp(credentials.get(role)!) : sessions.get(role)!;
    const res = await send(http, route, rc);
    if (expected(rc.rule, role)) {
      expect([401, 403], `${route} should be allowed for ${role}: ${String(res.data)}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status, `${route} should be refused for ${role}`).toBe(403);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
    }
  });

  it.each(rows.map(([route, rc]) => [route, rc] as const))('%s without a session is 401', async (route, rc) => {
    const res = await send(axios.create({ baseURL: backend.url, validateStatus: () => true }), route, rc);
    expect(res.status).toBe(401);
  });

  it('a disabled agent is refused everywhere, even with a live token', async () => {
    const agent = await backend.createAgent('admin');
    const http = await backend.agentHttp(agent);
    await backend.store.db
      .updateTable('agents')
      .set({ disabledAt: backend.clock.now().toISOString() })
      .where('emailNorm', '=', agent.email)
      .execute();
    expect((await http.get('/admin/v1/reports/mfa')).status).toBe(401);
    expect((await http.get('/admin/v1/agents')).status).toBe(401);
  });
});
