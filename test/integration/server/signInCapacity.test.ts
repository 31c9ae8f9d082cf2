/**
 * Admission control in front of argon2: sign-ins offered far beyond the hashing capacity are answered
 * 503 with Retry-After at once instead of queueing; the admitted ones complete correctly, and a refused
 * one leaves no trace on the account (no attempt counted, nothing audited).
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

// Three sign-ins per user keeps wrong passwords within the free tries, so every admitted one is checked.
const USERS = 60;
const PER_USER = 3;

let backend: TestBackend;
let admin: AxiosInstance;
let users: TestUser[];

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  users = [];
  for (let i = 0; i < USERS; i++) users.push(await createUser(backend, admin, `flood.${i}@corp.example`, { mfa: false }));
});
afterAll(async () => {
  await backend?.close();
});

/** Sends every sign-in at once; returns the answers in the order they arrived. */
async function flood(password: string) {
  const arrived: AxiosResponse[] = [];
  await Promise.all(
    users.flatMap((user) =>
      Array.from({ length: PER_USER }, () =>
        backend.http.post('/v1/auth/login', { email: user.login, password }).then((r) => arrived.push(r)),
      ),
    ),
  );
  const refused = arrived.filter((r) => r.status === 503);
  const admitted = arrived.filter((r) => r.status !== 503);
  return { arrived, refused, admitted };
}

async function failureTrace() {
  const counters = await backend.store.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.sum<number>('failedAttempts').as('n'))
    .where('login', 'like', 'flood.%')
    .executeTakeFirstOrThrow();
  const audited = await backend.store.db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'user.login.failed')
    .executeTakeFirstOrThrow();
  return { counted: Number(counters.n ?? 0), audited: Number(audited.n) };
}

describe('sign-in admission control', () => {
  it('beyond the hashing capacity answers 503 with Retry-After at once; the admitted sign-ins complete', async () => {
    const { arrived, refused, admitted } = await flood(USER_PASSWORD);
    expect(refused.length).toBeGreaterThan(0);
    expect(admitted.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.data).toMatchObject({ status: 503, code: 'sign_in_busy' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.data.retryAfterSeconds).toBe(Number(r.headers['retry-after']));
    }
    // Refused without waiting in line: a refusal arrives before the admitted sign-ins have all been checked.
    expect(arrived.indexOf(refused[0]!)).toBeLessThan(arrived.indexOf(admitted[admitted.length - 1]!));
    for (const r of admitted) expect(r.data.status).toBe('signed_in');
    const sessions = await Promise.all(
      admitted.map((r) => backend.http.get('/v1/me', { headers: { authorization: `Bearer ${r.data.token}` } })),
    );
    expect(sessions.map((r) => r.status)).toEqual(admitted.map(() => 200));
  });

  it('a refused sign-in counts no attempt and audits nothing; each admitted wrong password is counted and audited once', async () => {
    const before = await failureTrace();
    const { refused, admitted } = await flood('not the password');
    expect(refused.length).toBeGreaterThan(0);
    expect(admitted.map((r) => r.status)).toEqual(admitted.map(() => 401));
    const after = await failureTrace();
    expect(after.counted - before.counted).toBe(admitted.length);
    expect(after.audited - before.audited).toBe(admitted.length);
  });
});
