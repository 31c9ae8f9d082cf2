/**
 * Prometheus metrics (prom-client), served on a port of their own (MFA_DESK_METRICS_PORT, loopback by
 * default) and never on the API's port, so they are not reachable wherever the API is.
 * - request latency per route (the route's pattern, never the raw path: no ids or logins in labels);
 * - sign-in outcomes per step (agent, user password, user code): accepted, refused, locked, throttled;
 * - lockouts (users and agents locked after repeated failures), counted as their audit events are
 *   chained: each event is chained once in the cluster, so the sum over instances is the cluster's count;
 * - accounts locked now, the outbox backlog and failed e-mails (read from the database at scrape time,
 *   so every instance reports the cluster's figure);
 * - housekeeping job runs per job in this instance.
 * A registry per app, so several apps in one process (tests) keep their figures apart.
 */
import { createServer } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditAction } from '../../src-shared/domain.js';
import type { AuditChainer } from '../domain/audit/chaining.js';
import { lockedAccountTotal } from '../domain/report/lockedAccounts.js';
import type { Db } from '../store/openStore.js';

export interface DeskMetrics {
  registry: Registry;
  jobRuns: Counter<'job'>;
}

const SIGN_IN_STEPS: Record<string, string> = {
  'POST /admin/v1/sessions': 'agent',
  'POST /v1/auth/login': 'user_password',
  'POST /v1/auth/mfa': 'user_code',
};

function outcome(status: number): string {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 423) return 'locked';
  if (status === 429) return 'throttled';
  if (status >= 400 && status < 500) return 'refused';
  return 'error';
}

export function createMetrics(db: Db, now: () => Date): DeskMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mfa_desk_' });
  new Gauge({
    name: 'mfa_desk_outbox_backlog',
    help: 'E-mails waiting to be sent (not sent, not withdrawn, not failed)',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sentAt', 'is', null)
        .where('withdrawnAt', 'is', null)
        .where('failedAt', 'is', null)
        .executeTakeFirstOrThrow();
      this.set(row.n);
    },
  });
  new Gauge({
    name: 'mfa_desk_outbox_failed',
    help: 'E-mails whose delivery gave up after the last attempt',
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('failedAt', 'is not', null)
        .executeTakeFirstOrThrow();
      this.set(row.n);
    },
  });
  new Gauge({
    name: 'mfa_desk_accounts_locked',
    help: 'User accounts locked out now after repeated failed sign-ins',
    registers: [registry],
    async collect() {
      this.set(await lockedAccountTotal(db, now()));
    },
  });
  const jobRuns = new Counter({
    name: 'mfa_desk_job_runs_total',
    help: 'Housekeeping job runs in this instance',
    labelNames: ['job'],
    registers: [registry],
  });
  return { registry, jobRuns };
}

const LOCKOUTS: Partial<Record<AuditAction, string>> = { 'user.mfa.locked': 'user', 'agent.login.locked': 'agent' };

/** Counts lockouts as the chainer of this instance links their audit events. */
export function recordLockouts(chainer: AuditChainer, metrics: DeskMetrics) {
  const lockouts = new Counter({
    name: 'mfa_desk_lockouts_total',
    help: 'Sign-ins locked after repeated failures, by who was locked (user, agent)',
    labelNames: ['who'],
    registers: [metrics.registry],
  });
  // Present from the start, so a rate over it does not begin at the first lockout.
  for (const who of Object.values(LOCKOUTS)) lockouts.inc({ who }, 0);
  chainer.onChained((actions) => {
    for (const action of actions) {
      const who = LOCKOUTS[action];
      if (who) lockouts.inc({ who });
    }
  });
}

/** Times every answered request by route, and counts sign-in outcomes. */
export function recordRequests(app: FastifyInstance, metrics: DeskMetrics) {
  const latency = new Histogram({
    name: 'mfa_desk_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metrics.registry],
  });
  const signIns = new Counter({
    name: 'mfa_desk_sign_ins_total',
    help: 'Sign-in attempts by step and outcome',
    labelNames: ['step', 'outcome'],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched paths share one label, so probing random paths cannot grow the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    latency.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    const step = SIGN_IN_STEPS[`${request.method} ${route}`];
    if (step) signIns.inc({ step, outcome: outcome(status) });
  });
}

/** Serves GET /metrics on its own listener; resolves with its address. */
export async function serveMetrics(metrics: DeskMetrics, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`Metrics failed: ${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  // Listening on a host and port gives an address object (a string only for a pipe or socket path).
  if (address === null || typeof address === 'string') throw new Error('The metrics server is not listening on a port.');
  const bound = address.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
