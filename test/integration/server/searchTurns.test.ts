/**
 * Broad searches take turns in a bounded line (searchGate.ts, MFA_DESK_SEARCH_QUEUE): hundreds sent at
 * once by an agent are partly answered 503 `search_busy` with Retry-After at once, the admitted ones
 * are answered in full, and the look-up of a whole login sent in the same flood is never refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let agent: AxiosInstance;
let login: string;

beforeAll(async () => {
  backend = await startBackend({ demo: true, env: { MFA_DESK_SEARCH_QUEUE: '1' } });
  agent = await backend.agentHttp(backend.demo!.agents.find((a) => a.role === 'agent')!);
  login = backend.demo!.users[0]!.email;
});
afterAll(() => backend.close());

const search = (q: string) => agent.get('/admin/v1/accounts', { params: { q, limit: 200 } });

describe('searches in a flood', () => {
  it('refuses broad searches past the line at once with 503 and Retry-After, and answers every look-up of a login', async () => {
    const broad: Promise<AxiosResponse>[] = [];
    const lookups: Promise<AxiosResponse>[] = [];
    for (let i = 0; i < 300; i++) {
      broad.push(search(['a', 'chmidt', '', 'ann'][i % 4]!));
      if (i % 10 === 0) lookups.push(search(login.toUpperCase()));
    }
    const answers = await Promise.all(broad);
    const refused = answers.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.headers['retry-after']).toBe('1');
      expect(r.data).toMatchObject({ status: 503, code: 'search_busy', retryAfterSeconds: 1 });
    }
    const admitted = answers.filter((r) => r.status !== 503);
    expect(admitted.length).toBeGreaterThan(0);
    for (const r of admitted) {
      expect(r.status).toBe(200);
      expect(Array.isArray(r.data.items)).toBe(true);
    }
    for (const r of await Promise.all(lookups)) {
      expect(r.status).toBe(200);
      expect(r.data.items[0].login).toBe(login);
    }
    // The line empties: the next broad search is answered.
    const after = await search('a');
    expect(after.status).toBe(200);
    expect(after.data.items.length).toBeGreaterThan(0);
  });
});
