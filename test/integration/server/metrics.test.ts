/**
 * Prometheus metrics of the backend process: off unless MFA_DESK_METRICS_PORT is set, then on their
 * own loopback listener (never on the API's port), with request latency per route pattern, sign-in
 * outcomes, locked accounts, the outbox backlog and failures, and housekeeping job runs.
 */
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
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
    for (const job of ['outbox-delivery', 'raw-message-retention', 'audit-details-retention', 'throttle-expiry'])
      expect(sample(text, `mfa_desk_job_runs_total{job="${job}"}`)).toBe(1);
  });
});
