/**
 * The role × route matrix: every admin route in the app (read from the OpenAPI document) is a route of
 * the operation catalogue, and each, called by each role with a well-formed request built from the
 * catalogue entry exactly as the console builds it, is allowed or refused exactly as the entry's
 * access and PERMISSIONS in src-shared/domain.ts say.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axios, { type AxiosInstance } from 'axios';
import { ROLES, roleAllows, type Role } from '../../../src-shared/domain.js';
import { IPC_OPERATIONS, type IpcInput, type IpcOperation } from '../../../src-shared/ipc.js';
import type { Access, Route } from '../../../src-shared/operation.js';
import { OPERATIONS, type BackendOperation } from '../../../src-shared/operations.js';
import { requestFor } from '../../../src-main/services/backendClient.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

const missing = 'no-such-id';
const key = () => randomUUID();
let n = 0;

/**
 * Inputs the route validates before the role check would run, at ids that do not exist. An operation
 * that takes only path ids (or nothing) needs no sample: its ids are `missing`.
 */
const SAMPLES: { [Op in BackendOperation]?: () => IpcInput<Op> } = {
  'session.changePassword': () => ({ currentPassword: 'not the password', newPassword: 'a long new password' }),
  'accounts.search': () => ({ q: 'a' }),
  'accounts.create': () => ({ login: `matrix${++n}@example.org`, displayName: 'Matrix', department: 'QA' }),
  'accounts.unlock': () => ({ id: missing, idempotencyKey: key(), reason: 'Called in', ticketRef: 'T-1' }),
  'disableRequests.checkTypedSender': () => ({ accountId: missing, senderAddress: 'someone@example.org' }),
  'mfa.disable': () => ({ accountId: missing, idempotencyKey: key(), requestId: missing, reason: 'Lost phone', ticketRef: 'T-1' }),
  'escalations.create': () => ({ accountId: missing, justification: 'Checked on a video call', reason: 'Lost phone', ticketRef: 'T-1' }),
  'escalations.decide': () => ({ id: missing, idempotencyKey: key(), approve: false, note: 'No proof' }),
  'reset.start': () => ({
    accountId: missing,
    idempotencyKey: key(),
    channel: 'email',
    reason: 'New phone',
    ticketRef: 'T-1',
    revokeOldNow: false,
  }),
  'reset.clockCheck': () => ({ accountId: missing, code: '123456' }),
  'reports.gaps': () => ({ kind: 'no_mfa' }),
  'audit.exportStart': () => ({ format: 'jsonl' }),
  'agents.invite': () => ({ email: `matrix.agent${++n}@desk.test`, displayName: 'Matrix', role: 'agent' }),
  'agents.update': () => ({ id: missing, role: 'auditor', reason: 'Matrix test' }),
  'agents.resetMfa': () => ({ id: missing, reason: 'Matrix test' }),
  'incoming.reply': () => ({ id: missing, idempotencyKey: key(), template: 'request_received' }),
};
/** The call ends the caller's session: it gets a session of its own. */
const ENDS_SESSION: BackendOperation[] = ['session.signOut'];

interface RouteCase {
  op: BackendOperation;
  route: Route;
  input: () => unknown;
}

const isBackendOperation = (op: IpcOperation): op is BackendOperation => OPERATIONS[op].route !== null;

/** One case per route; where two operations share a route (an e-mail or a typed sender), the JSON one. */
function routeCases(): Map<string, RouteCase> {
  const cases = new Map<string, RouteCase>();
  for (const op of IPC_OPERATIONS.filter(isBackendOperation)) {
    const route: Route = OPERATIONS[op].route;
    if (route.rawBody) continue;
    const sample: (() => unknown) | undefined = SAMPLES[op];
    const ids = () => Object.fromEntries(Object.keys(route.params).map((field) => [field, missing]));
    cases.set(`${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`, { op, route, input: sample ?? ids });
  }
  return cases;
}
const CASES = routeCases();

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

const send = (http: AxiosInstance, rc: RouteCase) => http.request({ ...requestFor(rc.route, rc.input()), responseType: 'text' });

const expected = (access: Access, role: Role) => access === 'public' || access === 'signedIn' || roleAllows(role, access);

describe('role × route matrix', () => {
  it('has a row for every admin route the app serves, and no row for a route it does not', () => {
    expect(adminRoutes.length).toBeGreaterThan(20);
    expect([...adminRoutes].sort()).toEqual([...CASES.keys()].sort());
  });

  const rows = [...CASES].filter(([, rc]) => rc.route.access !== 'public');
  it.each(rows.flatMap(([route, rc]) => ROLES.map((role) => [route, role, rc] as const)))('%s as %s', async (route, role, rc) => {
    const agent = credentials.get(role);
    const own = ENDS_SESSION.includes(rc.op) && agent ? await backend.agentHttp(agent) : undefined;
    const http = own ?? sessions.get(role);
    if (!http) throw new Error(`no session for ${role}`);
    const res = await send(http, rc);
    if (expected(rc.route.access, role)) {
      expect([401, 403], `${route} should be allowed for ${role}: ${String(res.data)}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status, `${route} should be refused for ${role}`).toBe(403);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
    }
  });

  it.each(rows.map(([route, rc]) => [route, rc] as const))('%s without a session is 401', async (_route, rc) => {
    const res = await send(axios.create({ baseURL: backend.url, validateStatus: () => true }), rc);
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
