import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { PERMANENT_LOCK, THROTTLE } from '../../../src-server/domain/credentials/attemptThrottle.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, USER_PASSWORD } from '../../support/users.js';

let backend: TestBackend;
let admin: AxiosInstance;
let agent: AxiosInstance;
let auditor: AxiosInstance;

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
  auditor = await backend.agentHttp(await backend.createAgent('auditor'));
});
afterAll(() => backend.close());

let keys = 0;
const key = () => `unlock-test-${++keys}-${Date.now()}`;
const unlock = (
  http: AxiosInstance,
  id: string,
  idempotencyKey = key(),
  body = { reason: 'user called, identity checked', ticketRef: 'T-100' },
) => http.post(`/admin/v1/accounts/${id}/unlock`, body, { headers: { 'idempotency-key': idempotencyKey } });

/** Ten wrong passwords in a row (waiting out each delay on the test clock): the tenth locks for 15 minutes. */
async function lockByWrongPasswords(login: string) {
  for (let i = 0; i < THROTTLE.lockEvery; i++) {
    const res = await backend.http.post('/v1/auth/login', { email: login, password: 'wrong password' });
    expect(res.status).toBe(401);
    // Wait out the doubling delay after this failure (2 s from the fourth), and no longer: sessions stay alive.
    const failures = i + 1;
    if (failures > THROTTLE.freeFailures) backend.clock.advance(2 ** (failures - THROTTLE.freeFailures) + 1);
  }
  const locked = await backend.http.post('/v1/auth/login', { email: login, password: USER_PASSWORD });
  expect(locked.status).toBe(423);
}

describe('sign-in history of an account', () => {
  it('lists each password and code attempt, right or wrong, with its time and source address, newest first, page by page', async () => {
    const user = await createUser(backend, admin, 'history.user@example.com');
    await backend.http.post('/v1/auth/login', { email: user.login, password: 'not the password' });
    const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    expect(login.data.status).toBe('mfa_required');
    backend.clock.nextStep();
    const wrong = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: '000000' });
    expect(wrong.status).toBe(401);
    const right = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(user.secret!) });
    expect(right.data.status).toBe('signed_in');

    const all = await agent.get(`/admin/v1/accounts/${user.id}/sign-ins`);
    expect(all.status).toBe(200);
    const recent = all.data.items.slice(0, 4).map((a: { step: string; outcome: string; via: string }) => [a.step, a.outcome, a.via]);
    expect(recent).toEqual([
      ['code', 'succeeded', 'sign_in'],
      ['code', 'failed', 'sign_in'],
      ['password', 'succeeded', 'sign_in'],
      ['password', 'failed', 'sign_in'],
    ]);
    for (const attempt of all.data.items.slice(0, 4)) {
      expect(attempt.sourceAddress).toBe('127.0.0.1');
      expect(Number.isNaN(Date.parse(attempt.at))).toBe(false);
    }
    // The wrong password before it counts too: two wrong in a row.
    expect(all.data.items[1].failedAttempts).toBe(2);

    const first = await auditor.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { limit: 2 } });
    expect(first.data.items.map((a: { seq: number }) => a.seq)).toEqual(all.data.items.slice(0, 2).map((a: { seq: number }) => a.seq));
    const second = await auditor.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { limit: 2, cursor: first.data.nextCursor } });
    expect(second.data.items.map((a: { seq: number }) => a.seq)).toEqual(all.data.items.slice(2, 4).map((a: { seq: number }) => a.seq));
  });

  it('refuses a malformed cursor and an unknown account with problem+json, never a 500', async () => {
    const user = await createUser(backend, admin, 'history.cursor@example.com', { mfa: false });
    const badCursor = await agent.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { cursor: 'bm90IGpzb24' } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.data.code).toBe('invalid_cursor');
    const unknown = await agent.get('/admin/v1/accounts/no-such-account/sign-ins');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});

describe('unlocking an account', () => {
  it('lifts a temporary lock with a reason and ticket, audits it, and the user can sign in again', async () => {
    const user = await createUser(backend, admin, 'locked.temporary@example.com', { mfa: false });
    await lockByWrongPasswords(user.login);
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('locked');
    // The history names the step whose failure locked it.
    const [lock] = (await agent.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { limit: 1 } })).data.items;
    expect(lock).toMatchObject({ step: 'password', outcome: 'locked', failedAttempts: 10, sourceAddress: '127.0.0.1' });

    const idempotencyKey = key();
    const lifted = await unlock(agent, user.id, idempotencyKey);
    expect(lifted.status).toBe(200);
    expect(lifted.data.mfa).toMatchObject({ state: 'off', lockedUntil: null, failedAttempts: 0 });
    // A retry of the same click answers the same, and does not act (or audit) twice.
    const retried = await unlock(agent, user.id, idempotencyKey);
    expect(retried.status).toBe(200);
    const events = await admin.get('/admin/v1/audit', { params: { account: user.id, action: 'account.unlocked' } });
    expect(events.data.items).toHaveLength(1);
    expect(events.data.items[0]).toMatchObject({
      reason: 'user called, identity checked',
      ticketRef: 'T-100',
      details: { failedAttempts: 10 },
    });

    const signIn = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    expect(signIn.data.status).toBe('signed_in');
  });

  it('refuses the lock after 100 failures, which only re-enrolment lifts, and an account that is not locked; both change nothing', async () => {
    const user = await createUser(backend, admin, 'locked.permanent@example.com', { mfa: false });
    await backend.store.db
      .updateTable('accounts')
      .set({ failedAttempts: THROTTLE.permanentAfter, lockedUntil: PERMANENT_LOCK })
      .where('id', '=', user.id)
      .execute();
    const refused = await unlock(agent, user.id);
    expect(refused.status).toBe(409);
    expect(refused.data.code).toBe('permanent_lock');
    expect(refused.data.detail).toContain('New phone');
    const after = await backend.store.db
      .selectFrom('accounts')
      .select(['lockedUntil', 'failedAttempts'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ lockedUntil: PERMANENT_LOCK, failedAttempts: THROTTLE.permanentAfter });

    const free = await createUser(backend, admin, 'not.locked@example.com', { mfa: false });
    const notLocked = await unlock(agent, free.id);
    expect(notLocked.status).toBe(409);
    expect(notLocked.data.code).toBe('not_locked');
    const audited = await admin.get('/admin/v1/audit', { params: { action: 'account.unlocked', account: user.id } });
    expect(audited.data.items).toHaveLength(0);
  });

  it('is refused to auditors, and needs a reason, a ticket and an Idempotency-Key', async () => {
    const user = await createUser(backend, admin, 'locked.roles@example.com', { mfa: false });
    await lockByWrongPasswords(user.login);
    expect((await unlock(auditor, user.id)).status).toBe(403);
    const noTicket = await agent.post(
      `/admin/v1/accounts/${user.id}/unlock`,
      { reason: 'called' },
      { headers: { 'idempotency-key': key() } },
    );
    expect(noTicket.status).toBe(400);
    const noKey = await agent.post(`/admin/v1/accounts/${user.id}/unlock`, { reason: 'called in', ticketRef: 'T-1' });
    expect(noKey.status).toBe(400);
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.mfa.state).toBe('locked');
  });

  it('two agents unlocking at once: one succeeds, the other is told there is nothing left to unlock', async () => {
    const user = await createUser(backend, admin, 'locked.race@example.com', { mfa: false });
    await lockByWrongPasswords(user.login);
    const answers = await Promise.all([unlock(agent, user.id), unlock(admin, user.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const audited = await admin.get('/admin/v1/audit', { params: { action: 'account.unlocked', account: user.id } });
    expect(audited.data.items).toHaveLength(1);
  });
});
