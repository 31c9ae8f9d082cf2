/**
 * The scale-out test mode itself (npm run test:scaleout): a test backend is reached through nginx,
 * which deals requests round-robin over three instances, and a session opened through one instance
 * is honoured by the others. Outside that mode there is nothing to check, so it is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';

const scaleOut = process.env['MFA_DESK_TEST_NGINX'] === '1';
let backend: TestBackend;
beforeAll(async () => {
  if (scaleOut) backend = await startBackend();
});
afterAll(async () => {
  await backend?.close();
});

describe.runIf(scaleOut)('the backend behind nginx', () => {
  it('deals requests round-robin over three instances, and each honours the session the others opened', async () => {
    const agent = await backend.agentHttp(await backend.createAgent('agent'));
    const served = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const answer = await agent.get('/admin/v1/me');
      expect(answer.status).toBe(200);
      const upstream = String(answer.headers['x-desk-upstream']);
      served.set(upstream, (served.get(upstream) ?? 0) + 1);
    }
    expect([...served.values()]).toEqual([4, 4, 4]);
  });
});
