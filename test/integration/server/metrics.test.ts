/**
 * Prometheus metrics of the backend process: off unless MFA_DESK_METRICS_PORT is set, then on their
 * own loopback listener (never on the API's port), with request latency per route pattern, sign-in
 * outcomes, locked accounts, the outbox backlog and failures, and housekeeping job runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { appDeps } from '../../../src-server/appDeps.js';
import { loadConfig } from '../../../src-server/config.js';
import { createAgent } from '../../../src-server/domain/agents/signIn.js';
import { createSecretBox } from '../../../src-server/domain/credentials/secretBox.js';
import { createMetrics, recordLockouts, recordRequests, serveMetrics } from '../../../src-server/plugins/metrics.js';
import { openStore } from '../../../src-server/store/openStore.js';
import { TestClock } from '../../support/backend.js';
import { dataDirWithAgents, startServerProcess, type ServerProcess } from '../../support/serverProcess.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const get = (url: string) => axios.get<string>(url, { validateStatus: () => true, responseType: 'text' });

function announcedMetricsUrl(output: string): string | undefined {
  const line = output.split('\n').find((l) => l.startsWith('{"listening"'));
  const announced: unknown = line ? JSON.parse(line) : null;
  return typeof announced === 'object' && announced !== null && 'metrics' in announced && typeof announced.metrics === 'string'
    ? announced.metrics
    : undefined;
}

/** The value of one sample line, e.g. `mfa_desk_job_runs_total{job="throttle-expiry"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('are not served unless a metrics port is set, and never on the API port', async () => {
    const { dataDir } = await dataDirWithAgents([]);
    server = await startServerProcess(dataDir, []);
    expect(announcedMetricsUrl(server.output())).toBeUndefined();
    expect((await get(`${server.url}/metrics`)).status).toBe(404);
  });

  it('count sign-in outcomes, time routes by pattern, and report the outbox and job runs', async () => {
    const { dataDir, agents } = await dataDirWithAgents(['agent']);
    server = await startServerProcess(dataDir, [], { MFA_DESK_METRICS_PORT: '0' });
    const metricsUrl = announcedMetricsUrl(server.output());
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await get(`${server.url}/metrics`)).status).toBe(404);

    const agent = agents['agent'];
    for (let i = 0; i < 3; i++)
      await axios.post(
        `${server.url}/admin/v1/sessions`,
        { email: agent?.email, password: 'not the password', code: '000000' },
        { validateStatus: () => true },
      );
    await get(`${server.url}/admin/v1/accounts/not-an-id-0001`);
    await get(`${server.url}/admin/v1/accounts/not-an-id-0002`);

    const scraped = await get(metricsUrl ?? '');
    expect(scraped.status).toBe(200);
    const text = scraped.data;
    expect(sample(text, 'mfa_desk_sign_ins_total{step="agent",outcome="refused"}')).toBe(3);
    expect(sample(text, 'mfa_desk_http_request_duration_seconds_count{method="POST",route="/admin/v1/sessions",status="401"}')).toBe(3);
    // Two different ids, one route label: no id ever becomes a label.
    expect(text).not.toContain('not-an-id');
    expect(sample(text, 'mfa_desk_outbox_backlog')).toBe(0);
    expect(sample(text, 'mfa_desk_outbox_failed')).toBe(0);
    expect(sample(text, 'mfa_desk_accounts_locked')).toBe(0);
    // Housekeeping ran once at start, each job under its lease.
    for (const job of ['outbox-delivery', 'raw-message-retention', 'audit-details-retention', 'throttle-expiry', 'lock-count-expiry'])
      expect(sample(text, `mfa_desk_job_runs_total{job="${job}"}`)).toBe(1);
  });

  it('count a lockout (an agent locked after ten failures) as it happens, and report queued and failed e-mails', async () => {
    // In this process, on a clock the test moves: a lockout takes ten failures with growing waits between.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-metrics-'));
    const config = loadConfig({ data: dataDir, port: '0' }, {});
    const store = await openStore(config);
    const box = createSecretBox(config.encryptionKey);
    const clock = new TestClock();
    const deps = appDeps({ config, store, box, clock, mailer: null });
    const app = await buildApp(deps);
    const metrics = createMetrics(store.db, () => clock.now());
    recordRequests(app, metrics);
    recordLockouts(deps.auditChainer, metrics);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const metricsServer = await serveMetrics(metrics, '127.0.0.1', 0);
    try {
      const before = (await get(metricsServer.url)).data;
      expect(sample(before, 'mfa_desk_lockouts_total{who="agent"}')).toBe(0);
      expect(sample(before, 'mfa_desk_lockouts_total{who="user"}')).toBe(0);

      const agent = { email: 'locked.out@desk.test', displayName: 'Locked Out', role: 'agent' as const, password: 'the right password' };
      await createAgent(store.db, box, agent, clock.now());
      for (let i = 0; i < 10; i++) {
        const answer = await axios.post(
          `${url}/admin/v1/sessions`,
          { email: agent.email, password: 'wrong', code: '000000' },
          { validateStatus: () => true },
        );
        expect(answer.status).toBe(401);
        clock.advance(301);
      }
      const now = clock.now().toISOString();
      const mail = {
        accountId: null,
        toAddress: 'someone@corp.example',
        subject: 'Notice',
        body: 'Hello',
        sealedBody: null,
        createdAt: now,
        sentAt: null,
        error: null,
      };
      await store.db
        .insertInto('outbox')
        .values({ ...mail, id: 'queued-1', messageId: '<queued-1@mfa-desk.outbox>', attempts: 0 })
        .execute();
      await store.db
        .insertInto('outbox')
        .values({ ...mail, id: 'failed-1', messageId: '<failed-1@mfa-desk.outbox>', attempts: 8, failedAt: now, error: '550 no such user' })
        .execute();

      const after = (await get(metricsServer.url)).data;
      expect(sample(after, 'mfa_desk_lockouts_total{who="agent"}')).toBe(1);
      expect(sample(after, 'mfa_desk_lockouts_total{who="user"}')).toBe(0);
      expect(sample(after, 'mfa_desk_sign_ins_total{step="agent",outcome="refused"}')).toBe(10);
      expect(sample(after, 'mfa_desk_outbox_backlog')).toBe(1);
      expect(sample(after, 'mfa_desk_outbox_failed')).toBe(1);
    } finally {
      await metricsServer.close();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
