/**
 * Demo mode: a believable organisation (a few hundred people over departments and login domains,
 * every MFA state, some history) and one agent of each role. Writes demo-credentials.json (mode 0600)
 * — the only place MFA Desk ever writes secrets to a file, and only in demo mode.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../../src-shared/domain.js';
import { DEMO_CREDENTIALS_FILE, type DemoCredentials } from '../../src-shared/demo.js';
import type { Db } from '../store/openStore.js';
import type { AccountsTable, TotpFactorsTable } from '../store/schema.js';
import { accountRow } from '../domain/accounts/accounts.js';
import { createAgent } from '../domain/agents/signIn.js';
import { PERMANENT_LOCK } from '../domain/credentials/attemptThrottle.js';
import { agentActor, appendAudit, type AuditEntry } from '../domain/audit/chain.js';
import { chainPendingAudit } from '../domain/audit/chaining.js';
import { addSeconds, iso } from '../domain/platform/clock.js';
import { hashPassword } from '../domain/credentials/passwords.js';
import type { SecretBox } from '../domain/credentials/secretBox.js';
import { issueSession } from '../domain/credentials/sessions.js';
import { newTotpSecret } from '../domain/credentials/totp.js';

export type { DemoCredentials };

const FIRST = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elif',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
  'Marco',
  'Nora',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tara',
  'Umut',
  'Vera',
  'Wiktor',
  'Yuki',
  'Zoe',
] as const;
const LAST = [
  'Schmidt',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Kowalski',
  'Novak',
  'Rossi',
  'Haddad',
  'Tanaka',
  'Jensen',
  'García',
  'Müller',
  'Brennan',
  'Dubois',
  'Petrova',
] as const;
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Support', 'Operations', 'People', 'Legal', 'Marketing'] as const;
const DOMAINS = ['northwind.example', 'northwind-labs.example', 'contoso.example'] as const;
export const DEMO_USER_PASSWORD_LENGTH = 16;

/** The demo admin, whom the embedded console is signed in as when it starts the backend. */
export const DEMO_ADMIN_EMAIL = 'admin@desk.example';

/** A small deterministic generator, so every demo organisation looks the same. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export async function seedDemo(db: Db, box: SecretBox, dataDir: string, now: Date): Promise<DemoCredentials | null> {
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  const existing = await db.selectFrom('agents').select('id').limit(1).executeTakeFirst();
  if (existing && existsSync(file)) return null;
  if (existing)
    throw new Error(`The data folder ${dataDir} already holds agents but no demo-credentials.json: use an empty folder for --demo.`);

  const random = prng(2026);
  const pick = <T>(list: readonly [T, ...T[]]): T => list[Math.floor(random() * list.length)] ?? list[0];
  const credentials: DemoCredentials = { agents: [], users: [] };

  const agents: { email: string; name: string; role: Role }[] = [
    { email: DEMO_ADMIN_EMAIL, name: 'Dana Admin', role: 'admin' },
    { email: 'agent@desk.example', name: 'Sam Agent', role: 'agent' },
    { email: 'agent2@desk.example', name: 'Robin Agent', role: 'agent' },
    { email: 'auditor@desk.example', name: 'Alex Auditor', role: 'auditor' },
  ];
  for (const a of agents) {
    const password = randomBytes(12).toString('base64url');
    const { totpSecret } = await createAgent(db, box, { email: a.email, displayName: a.name, role: a.role, password }, now);
    credentials.agents.push({ email: a.email, password, role: a.role, totpSecret });
  }

  const userPassword = randomBytes(12).toString('base64url');
  // One hash for every demo user: hashing hundreds of passwords would make the first start slow.
  const passwordHash = await hashPassword(userPassword);
  const accounts: AccountsTable[] = [];
  const factors: TotpFactorsTable[] = [];
  const history: (AuditEntry & { at: Date })[] = [];
  const usedLogins = new Set<string>();
  const day = 24 * 60 * 60;

  for (let i = 0; i < 360; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    let login = `${ascii(first)}.${ascii(last)}@${pick(DOMAINS)}`;
    for (let n = 2; usedLogins.has(login); n++) login = login.replace(/(\d*)@/, `${n}@`);
    usedLogins.add(login);
    const created = addSeconds(now, -Math.floor((30 + random() * 300) * day));
    // One demo user in five is written to in German (without drawing from the seeded sequence, so the rest stays as it was).
    const locale = i % 5 === 4 ? 'de' : 'en';
    const account = accountRow({ login, displayName: `${first} ${last}`, department: pick(DEPARTMENTS), locale }, passwordHash, created);
    accounts.push(account);
    const who = { actorType: 'user' as const, actorId: account.id, actorLabel: login, accountId: account.id, accountLogin: login };
    history.push({
      actorType: 'system',
      actorId: null,
      actorLabel: 'Directory sync',
      action: 'account.created',
      accountId: account.id,
      accountLogin: login,
      at: created,
    });

    const roll = random();
    const state = roll < 0.6 ? 'on' : roll < 0.68 ? 'pending' : roll < 0.95 ? 'off' : 'locked';
    if (state === 'off') {
      if (credentials.users.filter((u) => u.mfa === 'off').length < 5)
        credentials.users.push({ email: login, password: userPassword, mfa: 'off', totpSecret: null });
      continue;
    }
    const secret = newTotpSecret();
    const factorId = randomUUID();
    const started = addSeconds(created, Math.floor(random() * 20 * day));
    history.push({ ...who, action: 'user.mfa.enrollment.started', at: started });
    if (state === 'pending') {
      account.mfaState = 'pending';
      factors.push({
        id: factorId,
        accountId: account.id,
        secretEnc: box.seal(secret, factorId),
        status: 'pending',
        createdAt: iso(started),
        confirmedAt: null,
        lastStep: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      continue;
    }
    const confirmed = addSeconds(started, 120 + Math.floor(random() * 200));
    const lastUsed = addSeconds(now, -Math.floor(random() * 10 * day));
    account.mfaState = 'on';
    factors.push({
      id: factorId,
      accountId: account.id,
      secretEnc: box.seal(secret, factorId),
      status: 'active',
      createdAt: iso(started),
      confirmedAt: iso(confirmed),
      lastStep: null,
      lastUsedAt: iso(lastUsed),
      revokedAt: null,
    });
    history.push(
      { ...who, action: 'user.mfa.enrollment.confirmed', at: confirmed },
      { ...who, action: 'user.mfa.succeeded', at: lastUsed },
    );
    if (state === 'locked') {
      account.failedAttempts = 10;
      account.lockedUntil = i % 2 ? PERMANENT_LOCK : iso(addSeconds(now, 15 * 60));
      for (let k = 1; k <= 10; k++)
        history.push({ ...who, action: 'user.mfa.failed', details: { failedAttempts: k }, at: addSeconds(now, -600 + k * 20) });
      history.push({ ...who, action: 'user.mfa.locked', details: { failedAttempts: 10 }, at: addSeconds(now, -390) });
    } else if (credentials.users.filter((u) => u.mfa === 'on').length < 5) {
      credentials.users.push({ email: login, password: userPassword, mfa: 'on', totpSecret: secret });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < accounts.length; i += 100)
      await tx
        .insertInto('accounts')
        .values(accounts.slice(i, i + 100))
        .execute();
    for (let i = 0; i < factors.length; i += 100)
      await tx
        .insertInto('totpFactors')
        .values(factors.slice(i, i + 100))
        .execute();
    // The chain is in time order, as a real log would be.
    history.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const { at, ...entry } of history) await appendAudit(tx, entry, at);
  });
  await chainPendingAudit(db);
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

/**
 * The embedded console's first session (`--bootstrap-session`): the demo admin signed in once, at start,
 * so the console that started this backend needs neither the demo admin's password nor their TOTP secret.
 */
export async function demoAdminSession(db: Db, now: Date): Promise<{ token: string }> {
  const admin = await db.selectFrom('agents').select(['id', 'email']).where('email', '=', DEMO_ADMIN_EMAIL).executeTakeFirstOrThrow();
  const session = await db.transaction().execute(async (tx) => {
    await appendAudit(tx, { ...agentActor(admin), action: 'agent.login.succeeded', details: { via: 'embedded console start' } }, now);
    return issueSession(tx, 'agent', admin.id, 'full', now);
  });
  await chainPendingAudit(db);
  return session;
}
