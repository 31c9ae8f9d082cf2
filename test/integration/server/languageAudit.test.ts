/**
 * A user's change of language is audited (issue 13 §8): one event in the same transaction as the change,
 * from what to what and by whom; an unchanged or refused choice writes none; changes racing each other
 * each name the language they replaced (SQLite here; PostgreSQL with npm run test:postgres).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, signInWithPassword } from '../../support/users.js';

let backend: TestBackend;
let admin: AxiosInstance;
let auditor: AxiosInstance;

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  auditor = await backend.agentHttp(await backend.createAgent('auditor'));
});
afterAll(() => backend.close());

interface Event {
  seq: number;
  actorType: string;
  actorLabel: string;
  accountId: string | null;
  details: Record<string, unknown>;
}

/** The account's language changes, oldest first. */
async function languageChanges(accountId: string): Promise<Event[]> {
  const res = await auditor.get<{ items: Event[] }>('/admin/v1/audit', {
    params: { account: accountId, action: 'account.language_changed', limit: 500 },
  });
  expect(res.status).toBe(200);
  return res.data.items.reverse();
}

const choose = (headers: Record<string, string>, locale: string) => backend.http.put('/v1/me/language', { locale }, { headers });

describe("the user's language, audited", () => {
  it('records the language given at creation, and each change from what to what, by the user', async () => {
    const user = await createUser(backend, admin, 'audit.lang@corp.example', { mfa: false, locale: 'de' });
    const created = await auditor.get<{ items: Event[] }>('/admin/v1/audit', { params: { account: user.id, action: 'account.created' } });
    expect(created.data.items[0]?.details).toMatchObject({ language: 'de' });

    const headers = await signInWithPassword(backend, user.login);
    expect((await choose(headers, 'en')).status).toBe(200);
    const [change, ...more] = await languageChanges(user.id);
    expect(more).toEqual([]);
    expect(change).toMatchObject({
      actorType: 'user',
      actorLabel: user.login,
      accountId: user.id,
      details: { languageBefore: 'de', language: 'en' },
    });
    // Support sees it in the account's history too.
    const history = await admin.get<{ items: { action: string }[] }>(`/admin/v1/accounts/${user.id}/events`);
    expect(history.data.items.map((e) => e.action)).toContain('account.language_changed');
    expect((await auditor.get('/admin/v1/audit/verify')).data).toMatchObject({ intact: true });
  });

  it('writes nothing for the language already chosen, or for a refused one', async () => {
    const user = await createUser(backend, admin, 'audit.same@corp.example', { mfa: false, locale: 'en' });
    const headers = await signInWithPassword(backend, user.login);
    expect((await choose(headers, 'en')).status).toBe(200);
    const refused = await choose(headers, 'fr');
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await languageChanges(user.id)).toEqual([]);
  });

  it('keeps changes racing each other consistent: each event names the language it replaced, the last one is kept', async () => {
    const user = await createUser(backend, admin, 'audit.race@corp.example', { mfa: false, locale: 'en' });
    const headers = await signInWithPassword(backend, user.login);
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => choose(headers, i % 2 ? 'en' : 'de')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));

    const changes = await languageChanges(user.id);
    expect(changes.length).toBeGreaterThan(0);
    let language = 'en';
    for (const change of changes) {
      expect(change.details['languageBefore']).toBe(language);
      expect(change.details['language']).not.toBe(language);
      language = String(change.details['language']);
    }
    expect((await backend.http.get('/v1/me', { headers })).data.locale).toBe(language);
  });
});
