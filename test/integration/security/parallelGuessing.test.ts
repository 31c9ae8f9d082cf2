/**
 * Guessing in parallel, as an attacker would: hundreds of wrong passwords or codes in flight at once,
 * spread over two backend instances on one database, against every path that checks a secret. Each
 * attempt is admitted atomically before the slow check, so only the free tries (and the ones the waits
 * allow, or a re-enrolment link's own few) are ever evaluated, every evaluated guess is audited, and
 * the lock is reached.
 */
import { randomUUID } from 'node:crypto';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LINK_THROTTLE, THROTTLE } from '../../../src-server/domain/credentials/attemptThrottle.js';
import { CLOCK_CHECK_LIMIT } from '../../../src-server/domain/reset/clockCheck.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, signInWithPassword, USER_PASSWORD } from '../../support/users.js';

const IN_FLIGHT = 200;
// A burst admits the free tries plus the one whose failure starts the first wait.
const FIRST_BURST_EVALUATED = THROTTLE.freeFailures + 1;

let backend: TestBackend;
let smtp: SmtpReceiver;
let adminAgent: Awaited<ReturnType<TestBackend['createAgent']>>;
let supportAgent: Awaited<ReturnType<TestBackend['createAgent']>>;
let admin: AxiosInstance;
let agent: AxiosInstance;
let instances: AxiosInstance[];

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
  instances = [backend.http, (await backend.startInstance()).http];
  adminAgent = await backend.createAgent('admin');
  supportAgent = await backend.createAgent('agent');
});
// Tests move the clock past waits and locks, so the console's sessions are taken afresh each time.
beforeEach(async () => {
  admin = await backend.agentHttp(adminAgent);
  agent = await backend.agentHttp(supportAgent);
});
afterAll(async () => {
  await backend?.close();
  await smtp?.close();
});

/** Fires `count` requests at once, alternating between the two instances; returns the status tally. */
async function burst(count: number, send: (http: AxiosInstance, i: number) => Promise<AxiosResponse>) {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(instances[i % instances.length]!, i)));
  const tally = new Map<number, number>();
  for (const r of responses) tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
  const countOf = (status: number) => tally.get(status) ?? 0;
  return {
    responses,
    count: countOf,
    // A password check past the hashing capacity is refused 503 before its attempt is claimed
    // (passwordCapacity.ts): turned away uncounted, as a 429 is, and not a status of the throttle's.
    statuses: [...tally.keys()].filter((status) => status !== 503).sort(),
    turnedAway: countOf(429) + countOf(503),
    /** Guesses that were really checked: refused as wrong, not turned away by the throttle. */
    evaluated: responses.filter((r) => r.status === 401 && WRONG.has(r.data.code)).length,
    codes: (status: number) => new Set(responses.filter((r) => r.status === status).map((r) => r.data.code)),
  };
}
const WRONG = new Set(['invalid_credentials', 'invalid_code']);

/** A six-digit code that is right at no accepted step around now. */
function wrongCode(secret: string): string {
  const accepted = new Set([-30, 0, 30].map((offset) => backend.codeFor(secret, offset)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}

async function auditCount(action: string, where: { accountId?: string; actorId?: string }) {
  let query = backend.store.db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (where.accountId) query = query.where('accountId', '=', where.accountId);
  if (where.actorId) query = query.where('actorId', '=', where.actorId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

type Send = (http: AxiosInstance, i: number) => Promise<AxiosResponse>;

/**
 * After the first burst, moves the clock past each wait and bursts again until the subject is locked;
 * returns how many guesses were evaluated in all and the final burst. `prepare` gives each round's
 * sender (a code guesser signs in with the password again, as the pending sign-in expires meanwhile).
 */
async function guessUntilLocked(firstEvaluated: number, prepare: () => Promise<Send>) {
  let evaluated = firstEvaluated;
  for (let round = 0; round < THROTTLE.lockEvery; round++) {
    backend.clock.advance(THROTTLE.maxDelaySeconds + 1);
    const next = await burst(50, await prepare());
    evaluated += next.evaluated;
    if (next.count(423) > 0) return { evaluated, last: next };
  }
  throw new Error('the lock was never reached');
}

describe('parallel guessing against every path that checks a secret', () => {
  it('user password: 200 in flight evaluate only the free tries; the lock is reached; each guess is audited', async () => {
    const user = await createUser(backend, admin, 'pw.target@corp.example', { mfa: false });
    const send = (http: AxiosInstance) => http.post('/v1/auth/login', { email: user.login, password: 'not the password' });
    const first = await burst(IN_FLIGHT, send);
    expect(first.statuses).toEqual([401, 429]);
    expect(first.evaluated).toBe(FIRST_BURST_EVALUATED);
    expect(await auditCount('user.login.failed', { accountId: user.id })).toBe(FIRST_BURST_EVALUATED);

    const { evaluated, last } = await guessUntilLocked(first.evaluated, async () => send);
    expect(evaluated).toBe(THROTTLE.lockEvery);
    expect(last.count(401) + last.count(423) + last.turnedAway).toBe(50);
    expect(await auditCount('user.login.failed', { accountId: user.id })).toBe(THROTTLE.lockEvery);
    expect(await auditCount('user.mfa.locked', { accountId: user.id })).toBe(1);
    // Locked: even the right password is refused now.
    expect((await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD })).status).toBe(423);
  });

  it('user code after a right password: 200 wrong codes in flight evaluate only the free tries', async () => {
    const user = await createUser(backend, admin, 'code.target@corp.example');
    // The attacker knows the password: each round signs in with it (a right password is not a failure).
    const codeGuesser = async (): Promise<Send> => {
      const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
      expect(login.data.status).toBe('mfa_required');
      const code = wrongCode(user.secret!);
      return (http) => http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code });
    };
    const first = await burst(IN_FLIGHT, await codeGuesser());
    expect(first.statuses).toEqual([401, 429]);
    expect(first.evaluated).toBe(FIRST_BURST_EVALUATED);
    expect(await auditCount('user.mfa.failed', { accountId: user.id })).toBe(FIRST_BURST_EVALUATED);
    const { evaluated } = await guessUntilLocked(first.evaluated, codeGuesser);
    expect(evaluated).toBe(THROTTLE.lockEvery);
    expect(await auditCount('user.mfa.locked', { accountId: user.id })).toBe(1);
  });

  it('one right code sent 200 times at once signs in once; the others are refused and audited as replays', async () => {
    const user = await createUser(backend, admin, 'replay.target@corp.example');
    backend.clock.nextStep();
    const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    const code = backend.codeFor(user.secret!);
    const all = await burst(IN_FLIGHT, (http) => http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code }));
    expect(all.count(200)).toBe(1);
    expect(all.count(200) + all.count(401) + all.count(429)).toBe(IN_FLIGHT);
    // The losers either lost the code to the winner or found the pending sign-in already used up.
    expect([...all.codes(401)].every((code) => code === 'code_already_used' || code === 'unauthorized')).toBe(true);
    const replays = all.responses.filter((r) => r.data.code === 'code_already_used').length;
    expect(await auditCount('user.mfa.replayed', { accountId: user.id })).toBe(replays);
  });

  it('one pending sign-in sent the three codes valid around now, 200 at once, opens one session, not one per code', async () => {
    const user = await createUser(backend, admin, 'three.codes@corp.example');
    // Two steps on from the enrolment's code, so the previous step's code is unused too.
    backend.clock.nextStep();
    backend.clock.nextStep();
    const fullSessions = async () =>
      Number(
        (
          await backend.store.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('subjectId', '=', user.id)
            .where('stage', '=', 'full')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await fullSessions();
    const login = await backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
    // The previous, current and next step's codes are all accepted, and each is newer than the last one used.
    const codes = [-30, 0, 30].map((offset) => backend.codeFor(user.secret!, offset));
    expect(new Set(codes).size).toBe(3);
    const all = await burst(IN_FLIGHT, (http, i) => http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: codes[i % 3] }));
    expect(all.count(200)).toBe(1);
    expect(all.count(200) + all.count(401) + all.count(429)).toBe(IN_FLIGHT);
    expect([...all.codes(401)].every((code) => code === 'code_already_used' || code === 'unauthorized')).toBe(true);
    expect(await fullSessions()).toBe(before + 1);
    expect(await auditCount('user.mfa.succeeded', { accountId: user.id })).toBe(1);
  });

  it('an unknown login answers exactly like a known one, one try at a time and in parallel', async () => {
    const known = await createUser(backend, admin, 'known.login@corp.example', { mfa: false });
    const answers = async (email: string) => {
      const seen: Array<{ status: number; code: unknown; retryAfter: unknown }> = [];
      for (let i = 0; i < THROTTLE.freeFailures + 3; i++) {
        const r = await backend.http.post('/v1/auth/login', { email, password: 'wrong password' });
        seen.push({ status: r.status, code: r.data.code, retryAfter: r.headers['retry-after'] });
      }
      return seen;
    };
    const forKnown = await answers(known.login);
    const forUnknown = await answers('nobody.here@corp.example');
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429]);

    const parallel = await burst(IN_FLIGHT, (http) => http.post('/v1/auth/login', { email: 'another.ghost@corp.example', password: 'x' }));
    expect(parallel.count(401)).toBe(FIRST_BURST_EVALUATED);
    expect(parallel.turnedAway).toBe(IN_FLIGHT - FIRST_BURST_EVALUATED);
  });

  it('agent password: 200 wrong passwords in flight evaluate only the free tries', async () => {
    const target = await backend.createAgent('admin');
    const id = await agentId(target.email);
    backend.clock.nextStep();
    const code = backend.codeFor(target.totpSecret);
    const first = await burst(IN_FLIGHT, (http) => http.post('/admin/v1/sessions', { email: target.email, password: 'guess', code }));
    expect(first.statuses).toEqual([401, 429]);
    expect(first.evaluated).toBe(FIRST_BURST_EVALUATED);
    expect(await auditCount('agent.login.failed', { actorId: id })).toBe(FIRST_BURST_EVALUATED);
  });

  it('agent code with a known password: 200 wrong codes in flight evaluate only the free tries; the lock is reached', async () => {
    const target = await backend.createAgent('agent');
    const id = await agentId(target.email);
    const code = wrongCode(target.totpSecret);
    const send = (http: AxiosInstance) => http.post('/admin/v1/sessions', { email: target.email, password: target.password, code });
    const first = await burst(IN_FLIGHT, send);
    expect(first.evaluated).toBe(FIRST_BURST_EVALUATED);
    const { evaluated } = await guessUntilLocked(first.evaluated, async () => send);
    expect(evaluated).toBe(THROTTLE.lockEvery);
    expect(await auditCount('agent.login.failed', { actorId: id })).toBe(THROTTLE.lockEvery);
    expect(await auditCount('agent.login.locked', { actorId: id })).toBe(1);
    backend.clock.nextStep();
    const right = await backend.http.post('/admin/v1/sessions', {
      email: target.email,
      password: target.password,
      code: backend.codeFor(target.totpSecret),
    });
    expect(right.status).toBe(423);
  });

  it('a stolen agent session is no password oracle: 200 wrong current passwords in flight evaluate only the free tries', async () => {
    const target = await backend.createAgent('agent');
    const id = await agentId(target.email);
    const session = await backend.agentHttp(target);
    const authorization = String(session.defaults.headers['authorization']);
    const all = await burst(IN_FLIGHT, (http) =>
      http.post(
        '/admin/v1/me/password',
        { currentPassword: 'a guess', newPassword: 'a new long password' },
        { headers: { authorization } },
      ),
    );
    expect(all.statuses).toEqual([422, 429]);
    expect(all.count(422)).toBe(FIRST_BURST_EVALUATED);
    expect(await auditCount('agent.login.failed', { actorId: id })).toBe(FIRST_BURST_EVALUATED);
  });

  it('an unknown agent e-mail is throttled like a real agent', async () => {
    const ghost = await burst(IN_FLIGHT, (http) =>
      http.post('/admin/v1/sessions', { email: 'ghost@desk.test', password: 'x', code: '123456' }),
    );
    expect(ghost.count(401)).toBe(FIRST_BURST_EVALUATED);
    expect(ghost.turnedAway).toBe(IN_FLIGHT - FIRST_BURST_EVALUATED);
  });

  it('password step of a re-enrolment link: 200 wrong passwords in flight evaluate exactly the link’s tries; the account is untouched', async () => {
    const user = await createUser(backend, admin, 'link.target@corp.example');
    await startReenrolment(user.id);
    const token = await linkToken(user.login);
    const send = (http: AxiosInstance) =>
      http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: 'guessed password' });
    const all = await burst(IN_FLIGHT, send);
    expect(all.evaluated).toBe(LINK_THROTTLE.wrongTries);
    expect(all.count(423)).toBeGreaterThan(0);
    expect(all.codes(423)).toEqual(new Set(['ticket_locked']));
    expect(all.evaluated + all.count(423) + all.turnedAway).toBe(IN_FLIGHT);
    expect(await auditCount('user.login.failed', { accountId: user.id })).toBe(LINK_THROTTLE.wrongTries);
    expect(await auditCount('mfa.reset.link_locked', { accountId: user.id })).toBe(1);
    expect(await accountFailures(user.id)).toBe(0);
    // Locked for good: the right password through the link is refused too.
    const right = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
    expect(right.data.code).toBe('ticket_locked');
  });

  it('code step of a re-enrolment link: 200 wrong codes in flight evaluate exactly the link’s tries', async () => {
    const user = await createUser(backend, admin, 'link.code.target@corp.example');
    await startReenrolment(user.id);
    const token = await linkToken(user.login);
    const session = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
    const headers = { authorization: `Bearer ${session.data.enrolToken}` };
    const enrollment = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers });
    const code = wrongCode(secretFromOtpauth(readQrDataUrl(enrollment.data.qrCodeDataUrl)));
    const all = await burst(IN_FLIGHT, (http) => http.post('/v1/enrollment-tickets/enrollment/confirm', { code }, { headers }));
    expect(all.evaluated).toBe(LINK_THROTTLE.wrongTries);
    expect(all.codes(423)).toEqual(new Set(['ticket_locked']));
    expect(await auditCount('user.mfa.failed', { accountId: user.id })).toBe(LINK_THROTTLE.wrongTries);
    expect(await auditCount('mfa.reset.link_locked', { accountId: user.id })).toBe(1);
    expect(await accountFailures(user.id)).toBe(0);
  });

  it('enrolment confirm: 200 wrong codes in flight evaluate only the free tries', async () => {
    const user = await createUser(backend, admin, 'confirm.target@corp.example', { mfa: false });
    const headers = await signInWithPassword(backend, user.login);
    const enrollment = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
    const secret = secretFromOtpauth(readQrDataUrl(enrollment.data.qrCodeDataUrl));
    const code = wrongCode(secret);
    const first = await burst(IN_FLIGHT, (http) => http.post('/v1/me/mfa/enrollment/confirm', { code }, { headers }));
    expect(first.statuses).toEqual([401, 429]);
    expect(first.evaluated).toBe(FIRST_BURST_EVALUATED);
    expect(await auditCount('user.mfa.failed', { accountId: user.id })).toBe(FIRST_BURST_EVALUATED);
  });

  it('clock check: 200 in flight get exactly the window’s allowance, each one audited', async () => {
    const user = await createUser(backend, admin, 'clock.target@corp.example');
    const code = wrongCode(user.secret!);
    const authorization = String(agent.defaults.headers['authorization']);
    const all = await burst(IN_FLIGHT, (http) =>
      http.post(`/admin/v1/accounts/${user.id}/mfa/clock-check`, { code }, { headers: { authorization } }),
    );
    expect(all.count(200)).toBe(CLOCK_CHECK_LIMIT.perWindow);
    expect(all.count(429)).toBe(IN_FLIGHT - CLOCK_CHECK_LIMIT.perWindow);
    expect(await auditCount('mfa.clock_check', { accountId: user.id })).toBe(CLOCK_CHECK_LIMIT.perWindow);
    backend.clock.advance(CLOCK_CHECK_LIMIT.windowMinutes * 60 + 1);
    const later = await agent.post(`/admin/v1/accounts/${user.id}/mfa/clock-check`, { code });
    expect(later.status).toBe(200);
  });
});

async function startReenrolment(accountId: string) {
  const started = await agent.post(
    `/admin/v1/accounts/${accountId}/mfa/reset`,
    { channel: 'email', reason: 'New phone', ticketRef: 'T-7', revokeOldNow: false },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(started.status).toBe(201);
}

async function accountFailures(accountId: string) {
  const row = await backend.store.db.selectFrom('accounts').select('failedAttempts').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.failedAttempts;
}

async function agentId(email: string) {
  const row = await backend.store.db.selectFrom('agents').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** The token from the newest re-enrolment link e-mailed to `login`. */
async function linkToken(login: string): Promise<string> {
  const [mail] = await smtp.waitForMessages((m) => m.to?.[0]?.address === login && m.subject === 'Set up MFA on your new phone');
  const link = /#ticket=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
  if (!link?.[1]) throw new Error(`no link e-mail for ${login}`);
  return link[1];
}
