/**
 * Request ids: the caller's x-request-id is kept when it is a plain token, replaced by a fresh one
 * otherwise (a header cannot forge log structure), echoed on every answer, and written as `reqId` in
 * the JSON log lines of the backend process.
 */
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { dataDirWithAgents, startServerProcess } from '../../support/serverProcess.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await backend?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('echoes a plain caller id, on success and on a problem answer alike', async () => {
    const ok = await backend.http.get('/healthz', { headers: { 'x-request-id': 'console-call-1.2:3_x' } });
    expect(ok.headers['x-request-id']).toBe('console-call-1.2:3_x');
    const refused = await backend.http.get('/admin/v1/outbox', { headers: { 'x-request-id': 'console-call-2' } });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toBe('console-call-2');
  });

  it('gives a fresh id when the caller sent none or one that is not a plain token', async () => {
    const seen = new Set<string>();
    for (const given of [undefined, 'has spaces in it', 'x'.repeat(129), '{"level":60,"msg":"forged"}', '']) {
      const answer = await backend.http.get('/healthz', given === undefined ? {} : { headers: { 'x-request-id': given } });
      const id = String(answer.headers['x-request-id']);
      expect(id).toMatch(UUID);
      seen.add(id);
    }
    expect(seen.size).toBe(5);
  });

  it('logs each request as JSON lines carrying its id', async () => {
    const { dataDir } = await dataDirWithAgents([]);
    const server = await startServerProcess(dataDir, []);
    try {
      await axios.get(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-me-42' } });
      await axios.get(`${server.url}/healthz`, { headers: { 'x-request-id': '{"forged":"yes"}' } });
      await server.signal('SIGTERM');
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{"level"'))
        .map((line): unknown => JSON.parse(line));
      const ours = lines.filter((line) => typeof line === 'object' && line !== null && 'reqId' in line && line.reqId === 'trace-me-42');
      expect(ours.length).toBeGreaterThanOrEqual(2);
      expect(server.output()).not.toContain('forged');
    } finally {
      await server.stop();
    }
  });
});
