/**
 * Rotating the secret box's key while instances run (on SQLite and, under npm run test:postgres, on
 * PostgreSQL): an instance restarted with a new key (the old one kept to open) serves users and agents
 * whose secrets the old key sealed; the reseal step, run twice at once while users sign in, re-seals
 * every stored secret with the new key exactly once; after it, an instance with the new key alone
 * opens everything, and `server reseal` finds nothing left to do.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resealSecrets } from '../../../src-server/domain/credentials/secretReseal.js';
import { createSecretBox, keyIdOf } from '../../../src-server/domain/credentials/secretBox.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

const run = promisify(execFile);
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const rotatedEnv = { MFA_DESK_ENCRYPTION_KEY: newKey.toString('base64'), MFA_DESK_OLD_ENCRYPTION_KEYS: oldKey.toString('base64') };

let backend: TestBackend;
let agentLogin: Awaited<ReturnType<TestBackend['createAgent']>>;
let admin: AxiosInstance;
const users: TestUser[] = [];

beforeAll(async () => {
  backend = await startBackend({ env: { MFA_DESK_ENCRYPTION_KEY: oldKey.toString('base64') } });
  agentLogin = await backend.createAgent('agent');
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  for (let i = 0; i < 4; i++) users.push(await createUser(backend, admin, `rotate.user${i}@corp.example`));
  // A re-enrolment link waiting in the outbox (no SMTP here): a sealed e-mail text.
  const agent = await backend.agentHttp(agentLogin);
  const reset = await agent.post(
    `/admin/v1/accounts/${users[0]!.id}/mfa/reset`,
    { channel: 'phone', reason: 'New phone', ticketRef: 'T-7', revokeOldNow: false },
    { headers: { 'idempotency-key': randomUUID() } },
  );
  expect(reset.status).toBe(201);
});
afterAll(() => backend.close());

async function sealedValues() {
  const db = backend.store.db;
  return [
    ...(await db.selectFrom('totpFactors').select(['id', 'secretEnc as sealed']).execute()).map((r) => ({ ...r, boundTo: r.id })),
    ...(await db.selectFrom('agents').select(['id', 'totpSecretEnc as sealed']).execute()).map((r) => ({ ...r, boundTo: r.id })),
    ...(await db.selectFrom('outbox').select(['id', 'sealedBody']).where('sealedBody', 'is not', null).execute()).map((r) => ({
      id: r.id,
      sealed: r.sealedBody!,
      boundTo: `outbox:${r.id}`,
    })),
  ];
}

async function signIn(http: AxiosInstance, user: TestUser) {
  const login = await http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });
  expect(login.data.status).toBe('mfa_required');
  return http.post('/v1/auth/mfa', { mfaToken: login.data.mfaToken, code: backend.codeFor(user.secret!) });
}

describe('rotating the encryption key', () => {
  it('keeps every secret working through the rotation, and re-seals each once with the new key', async () => {
    const before = await sealedValues();
    expect(before.length).toBeGreaterThanOrEqual(4 + 2 + 1);
    expect(before.every((v) => v.sealed.startsWith(`v2:${keyIdOf(oldKey)}:`))).toBe(true);

    // An instance restarted with the new key, the old one kept to open.
    const rotated = await backend.startInstance(rotatedEnv);
    backend.clock.nextStep();
    expect((await signIn(rotated.http, users[1]!)).status).toBe(200);

    // The reseal step twice at once, while users sign in through the rotated instance.
    backend.clock.nextStep();
    const [first, second, ...signIns] = await Promise.all([
      resealSecrets(rotated.store.db, rotated.box, 2),
      resealSecrets(backend.store.db, createSecretBox(newKey, [oldKey]), 3),
      signIn(rotated.http, users[2]!),
      signIn(rotated.http, users[3]!),
    ]);
    expect(signIns.map((s) => s.status)).toEqual([200, 200]);
    const resealed = [...first.columns, ...second.columns].reduce((n, c) => n + c.resealed, 0);
    expect(resealed).toBe(before.length);
    expect([...first.columns, ...second.columns].every((c) => c.unreadable.length === 0)).toBe(true);

    // Every value names the new key, and the new key alone opens each to what the old key had sealed.
    const oldBox = createSecretBox(oldKey);
    const newOnly = createSecretBox(newKey);
    const after = await sealedValues();
    expect(after.map((v) => v.id).sort()).toEqual(before.map((v) => v.id).sort());
    for (const value of after) {
      expect(value.sealed.startsWith(`v2:${keyIdOf(newKey)}:`)).toBe(true);
      const was = before.find((v) => v.id === value.id)!;
      expect(newOnly.open(value.sealed, value.boundTo)).toBe(oldBox.open(was.sealed, was.boundTo));
    }

    // An instance with the new key only: users and agents sign in.
    const newOnlyInstance = await backend.startInstance({ MFA_DESK_ENCRYPTION_KEY: newKey.toString('base64') });
    backend.clock.nextStep();
    expect((await signIn(newOnlyInstance.http, users[0]!)).status).toBe(200);
    const agentSession = await newOnlyInstance.http.post('/admin/v1/sessions', {
      email: agentLogin.email,
      password: agentLogin.password,
      code: backend.codeFor(agentLogin.totpSecret),
    });
    expect(agentSession.status).toBe(201);
  });

  it.runIf(!process.env['MFA_DESK_TEST_POSTGRES_URL'])('`server reseal` reports what it did and that nothing is left', async () => {
    // Run as an operator would, against this backend's SQLite file, after the rotation above.
    const { stdout } = await run('npx', ['tsx', 'src-server/server.ts', 'reseal', '--data', backend.dir], {
      env: { PATH: process.env['PATH'] ?? '', ...rotatedEnv },
    });
    expect(stdout).toContain(`TOTP secrets of users: 0 re-sealed with key ${keyIdOf(newKey)}`);
    expect(stdout).toContain(`Every stored secret is sealed with key ${keyIdOf(newKey)}`);

    // A key that opens nothing it finds: it says which rows, and fails.
    const unknown = await run('npx', ['tsx', 'src-server/server.ts', 'reseal', '--data', backend.dir], {
      env: { PATH: process.env['PATH'] ?? '', MFA_DESK_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('add their key to MFA_DESK_OLD_ENCRYPTION_KEYS');
    // And it changed nothing.
    expect((await sealedValues()).every((v) => v.sealed.startsWith(`v2:${keyIdOf(newKey)}:`))).toBe(true);
  });
});
