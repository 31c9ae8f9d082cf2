/**
 * A re-enrolment link counts its own wrong tries. Starting a re-enrolment must not reopen the ordinary
 * sign-in page to whoever caused an account's lock after 100 failures: that lock stays until the user
 * enrols through the link, and the link itself allows only a few wrong passwords or codes, then is
 * locked for good (support sends a new one), whatever the account's own count is.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AxiosInstance } from 'axios';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_THROTTLE, PERMANENT_LOCK, THROTTLE } from '../../../src-server/domain/credentials/attemptThrottle.js';
import { migrationProvider } from '../../../src-server/store/migrations.js';
import { openStore } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase, startBackend, type TestBackend } from '../../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

let backend: TestBackend;
let smtp: SmtpReceiver;
let admin: AxiosInstance;
let agent: AxiosInstance;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
});
afterAll(async () => {
  await backend?.close();
  await smtp?.close();
});

const LOCKED_FOR_GOOD = { failedAttempts: THROTTLE.permanentAfter, nextAttemptAt: null, lockedUntil: PERMANENT_LOCK };

async function lockForGood(user: TestUser) {
  await backend.store.db.updateTable('accounts').set(LOCKED_FOR_GOOD).where('id', '=', user.id).execute();
}

const accountThrottle = (user: TestUser) =>
  backend.store.db
    .selectFrom('accounts')
    .select(['failedAttempts', 'nextAttemptAt', 'lockedUntil'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();

async function startReenrolment(user: TestUser): Promise<string> {
  const started = await agent.post(
    `/admin/v1/accounts/${user.id}/mfa/reset`,
    { channel: 'phone', reason: 'New phone', ticketRef: 'T-413', revokeOldNow: false },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(started.status).toBe(201);
  return started.data.id as string;
}

/** The token from the `nth` link e-mailed to `login`. */
async function linkToken(login: string, nth = 1): Promise<string> {
  const mails = await smtp.waitForMessages((m) => m.to?.[0]?.address === login && m.subject === 'Set up MFA on your new phone', nth);
  const link = /#ticket=([A-Za-z0-9_-]+)/.exec(mails[nth - 1]?.text ?? '');
  if (!link?.[1]) throw new Error(`link e-mail #${nth} for ${login} has no link`);
  return link[1];
}

const ordinarySignIn = (user: TestUser) => backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
const linkSignIn = (user: TestUser, token: string, password: string) =>
  backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password });

/** A six-digit code that is right at no accepted step around now. */
function wrongCode(secret: string): string {
  const accepted = new Set([-30, 0, 30].map((offset) => backend.codeFor(secret, offset)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

async function auditActions(user: TestUser): Promise<string[]> {
  const rows = await backend.store.db.selectFrom('auditEvents').select('action').where('accountId', '=', user.id).orderBy('seq').execute();
  return rows.map((row) => row.action);
}

describe('a re-enrolment link throttles itself', () => {
  it('keeps a lock for good on the sign-in page while a re-enrolment is open; enrolling through the link lifts it', async () => {
    const user = await createUser(backend, admin, 'locked.for.good@corp.example');
    await lockForGood(user);
    const ticketId = await startReenrolment(user);
    // The ordinary sign-in page stays locked, even to the right password.
    const refused = await ordinarySignIn(user);
    expect(refused.status).toBe(423);
    expect(refused.data.code).toBe('locked');
    expect(await accountThrottle(user)).toEqual(LOCKED_FOR_GOOD);
    const [started] = (await admin.get('/admin/v1/audit', { params: { account: user.id, action: 'mfa.reset.started' } })).data.items;
    expect(Object.keys(started.details)).not.toContain('permanentLockEased');

    const token = await linkToken(user.login);
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).status).toBe(200);
    const session = await linkSignIn(user, token, USER_PASSWORD);
    expect(session.status).toBe(200);
    // Signing in through the link is no sign-in on the page: the lock holds until the new phone is confirmed.
    expect(await accountThrottle(user)).toEqual(LOCKED_FOR_GOOD);
    expect((await ordinarySignIn(user)).status).toBe(423);

    const bearer = { authorization: `Bearer ${session.data.enrolToken}` };
    const qr = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer });
    const newSecret = secretFromOtpauth(readQrDataUrl(qr.data.qrCodeDataUrl));
    backend.clock.nextStep();
    const confirmed = await backend.http.post(
      '/v1/enrollment-tickets/enrollment/confirm',
      { code: backend.codeFor(newSecret) },
      { headers: bearer },
    );
    expect(confirmed.status).toBe(200);
    expect(await accountThrottle(user)).toEqual({ failedAttempts: 0, nextAttemptAt: null, lockedUntil: null });
    // The right code is no wrong try of the link's either.
    const ticket = await backend.store.db
      .selectFrom('enrollmentTickets')
      .select('failedAttempts')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket.failedAttempts).toBe(0);

    backend.clock.nextStep();
    const login = await ordinarySignIn(user);
    expect(login.data.status).toBe('mfa_required');
    const signedIn = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(newSecret) });
    expect(signedIn.data.status).toBe('signed_in');
  });

  it('locks the link after its wrong passwords, leaves the account’s lock as it was, and a new link starts afresh', async () => {
    const user = await createUser(backend, admin, 'link.guessed@corp.example');
    await lockForGood(user);
    const ticketId = await startReenrolment(user);
    const token = await linkToken(user.login);

    for (let i = 1; i <= LINK_THROTTLE.wrongTries; i++) {
      const wrong = await linkSignIn(user, token, `guess number ${i}`);
      expect(wrong.status).toBe(401);
      expect(wrong.data.code).toBe('invalid_credentials');
    }
    // Locked for good: the right password is refused too, and so is opening the link.
    const locked = await linkSignIn(user, token, USER_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.data.code).toBe('ticket_locked');
    expect(locked.data.detail).toContain('Ask support for a new link');
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).data.code).toBe('ticket_locked');
    expect(await accountThrottle(user)).toEqual(LOCKED_FOR_GOOD);

    // Audited as wrong passwords through the link and as the link's lock, never as the account's.
    const actions = await auditActions(user);
    expect(actions.filter((action) => action === 'user.login.failed')).toHaveLength(LINK_THROTTLE.wrongTries);
    expect(actions.filter((action) => action === 'mfa.reset.link_locked')).toHaveLength(1);
    expect(actions).not.toContain('user.mfa.locked');
    const [lock] = (await agent.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { limit: 1 } })).data.items;
    expect(lock).toMatchObject({ step: 'password', outcome: 'locked', via: 'reset_link', failedAttempts: LINK_THROTTLE.wrongTries });

    // Support sends a new link: it has its own tries, and the old one stays dead.
    const resent = await agent.post(`/admin/v1/enrollment-tickets/${ticketId}/resend`, {});
    expect(resent.status).toBe(200);
    const fresh = await linkToken(user.login, 2);
    expect((await linkSignIn(user, fresh, USER_PASSWORD)).status).toBe(200);
    expect((await linkSignIn(user, token, USER_PASSWORD)).data.code).toBe('ticket_unknown');
    expect(await accountThrottle(user)).toEqual(LOCKED_FOR_GOOD);
  });

  it('counts wrong codes for the new phone on the link, not on the account, which keeps its own count', async () => {
    const user = await createUser(backend, admin, 'link.codes@corp.example');
    await startReenrolment(user);
    // One wrong password on the sign-in page: the account's count, untouched by the link.
    expect((await backend.http.post('/v1/auth/login', { email: user.login, password: 'a typo' })).status).toBe(401);
    const token = await linkToken(user.login);
    const session = await linkSignIn(user, token, USER_PASSWORD);
    const bearer = { authorization: `Bearer ${session.data.enrolToken}` };
    const qr = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer });
    const newSecret = secretFromOtpauth(readQrDataUrl(qr.data.qrCodeDataUrl));

    const code = wrongCode(newSecret);
    for (let i = 0; i < LINK_THROTTLE.wrongTries; i++) {
      const wrong = await backend.http.post('/v1/enrollment-tickets/enrollment/confirm', { code }, { headers: bearer });
      expect(wrong.data.code).toBe('invalid_code');
    }
    const right = await backend.http.post(
      '/v1/enrollment-tickets/enrollment/confirm',
      { code: backend.codeFor(newSecret) },
      { headers: bearer },
    );
    expect(right.status).toBe(423);
    expect(right.data.code).toBe('ticket_locked');
    expect((await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer })).data.code).toBe('ticket_locked');
    expect(await accountThrottle(user)).toEqual({ failedAttempts: 1, nextAttemptAt: null, lockedUntil: null });
    const [lock] = (await agent.get(`/admin/v1/accounts/${user.id}/sign-ins`, { params: { limit: 1 } })).data.items;
    expect(lock).toMatchObject({ step: 'code', outcome: 'locked', via: 'reset_link' });
    // The old phone still signs in on the page: the link's lock is not the account's.
    backend.clock.nextStep();
    const login = await ordinarySignIn(user);
    const signedIn = await backend.http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(user.secret!) });
    expect(signedIn.data.status).toBe('signed_in');
  });
});

describe('migration 0019 on a database where starting a re-enrolment eased the lock', () => {
  it('locks for good again the accounts eased for a re-enrolment they did not finish, and no other', async () => {
    const postgres = await freshPostgresDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-migrate-'));
    const dialect = postgres ? 'postgres' : 'sqlite';
    const db = new Kysely<unknown>({
      dialect: postgres
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: postgres.url, max: 2 }) })
        : new SqliteDialect({ database: new SqliteDatabase(path.join(dataDir, 'mfa-desk.sqlite')) }),
      plugins: [new CamelCasePlugin()],
    });
    try {
      const all = await migrationProvider(dialect).getMigrations();
      const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0019'));
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
      expect(error).toBeUndefined();

      const now = new Date();
      const inAnHour = new Date(now.getTime() + 3_600_000).toISOString();
      // [login, failures in a row, next attempt, lock, its re-enrolment's status (none: no re-enrolment)]
      const accounts = [
        ['eased.open@corp.example', 90, null, null, 'email_sent'],
        ['eased.guessed.on@corp.example', 93, inAnHour, null, 'cancelled'],
        ['eased.expired@corp.example', 90, null, null, 'link_opened'],
        ['enrolled.since@corp.example', 0, null, null, 'enrolled'],
        ['guessing.no.reset@corp.example', 95, inAnHour, null, null],
        ['locked.for.now@corp.example', 90, null, inAnHour, 'email_sent'],
      ] as const;
      for (const [login, failures, nextAttemptAt, lockedUntil, ticket] of accounts) {
        const id = randomUUID();
        await sql`insert into accounts (id, login, login_norm, domain, display_name, name_norm, surname_norm, department, mfa_state,
            failed_attempts, next_attempt_at, locked_until, created_at)
          values (${id}, ${login}, ${login}, 'corp.example', 'Old', 'old', 'old', 'QA', 'on',
            ${failures}, ${nextAttemptAt}, ${lockedUntil}, ${now.toISOString()})`.execute(db);
        if (ticket)
          await sql`insert into enrollment_tickets (id, account_id, token_hash, channel, reason, ticket_ref, revoke_old_now, status, version,
              created_by, created_by_label, created_at, expires_at, emails_sent)
            values (${randomUUID()}, ${id}, ${randomUUID()}, 'email', 'New phone', 'T-1', 0, ${ticket}, 2,
              'agent', 'agent@desk.test', ${now.toISOString()}, ${ticket === 'link_opened' ? '2020-01-01T00:00:00.000Z' : inAnHour}, 1)`.execute(
            db,
          );
      }
      await db.destroy();

      // The backend starts on it: 0019 runs.
      const store = await openStore({ dataDir, databaseUrl: postgres?.url });
      try {
        const rows = await store.db.selectFrom('accounts').select(['login', 'failedAttempts', 'nextAttemptAt', 'lockedUntil']).execute();
        const byLogin = Object.fromEntries(rows.map(({ login, ...throttle }) => [login, throttle]));
        expect(byLogin).toEqual({
          'eased.open@corp.example': LOCKED_FOR_GOOD,
          'eased.guessed.on@corp.example': LOCKED_FOR_GOOD,
          'eased.expired@corp.example': LOCKED_FOR_GOOD,
          'enrolled.since@corp.example': { failedAttempts: 0, nextAttemptAt: null, lockedUntil: null },
          'guessing.no.reset@corp.example': { failedAttempts: 95, nextAttemptAt: inAnHour, lockedUntil: null },
          'locked.for.now@corp.example': { failedAttempts: 90, nextAttemptAt: null, lockedUntil: inAnHour },
        });
        const tickets = await store.db.selectFrom('enrollmentTickets').select(['failedAttempts', 'nextAttemptAt', 'lockedUntil']).execute();
        expect(tickets.every((t) => t.failedAttempts === 0 && t.nextAttemptAt === null && t.lockedUntil === null)).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
