/**
 * A live re-enrolment link is a key to the user's account (with the password, which guessing or an
 * insider may have). So no console role — agent, read-only auditor, admin — reads one through any
 * API, export, the database's plain columns or the request log, while the e-mail that reaches the
 * user over real SMTP carries the working link, also when it only goes out on a retry.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import axios from 'axios';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Migration } from 'kysely';
import { generateSync } from 'otplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../../src-server/domain/platform/housekeeping.js';
import { hashTicketToken } from '../../../src-server/domain/reset/tickets.js';
import { createSmtpMailer, deliverPendingNotifications } from '../../../src-server/domain/mail/notifications.js';
import { createSecretBox } from '../../../src-server/domain/credentials/secretBox.js';
import { migrationProvider } from '../../../src-server/store/migrations.js';
import { openStore, type Db } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase, startBackend, type TestBackend } from '../../support/backend.js';
import { dataDirWithAgents, startServerProcess, type TestAgent } from '../../support/serverProcess.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, USER_PASSWORD } from '../../support/users.js';

const PUBLIC_URL = 'https://mfa.example.test';
const LINK = /https:\/\/mfa\.example\.test\/account\/enrol#ticket=([A-Za-z0-9_-]+)/;
const SHOWN_LINK = `${PUBLIC_URL}/account/enrol#ticket=[redacted]`;
const MAIL_FROM = 'MFA Desk <no-reply@mfa-desk.invalid>';
const ROLES = ['agent', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];

const key = () => ({ 'idempotency-key': randomUUID() });
const resetBody = { channel: 'email', reason: 'New phone', ticketRef: 'T-303', revokeOldNow: false };
/** The body exactly as it went over the wire: a token hidden in JSON escaping or CSV quoting would still be found. */
const asText: AxiosRequestConfig = { responseType: 'text', transformResponse: [(data: unknown) => data] };

/** Waits for the `count`-th link e-mail to `login` and returns the tokens of all of them. */
async function linkTokens(smtp: SmtpReceiver, login: string, count: number): Promise<string[]> {
  const links = () => smtp.messages.filter((m) => m.to?.[0]?.address === login).flatMap((m) => LINK.exec(m.text ?? '')?.slice(1, 2) ?? []);
  await expect.poll(() => links().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return links();
}

/** Every read a console role can make that holds e-mails, tickets, history or exports. */
function readPaths(accountId: string, ticketId: string, login: string): string[] {
  return [
    '/admin/v1/outbox',
    `/admin/v1/outbox?accountId=${accountId}`,
    `/admin/v1/accounts?q=${encodeURIComponent(login)}`,
    `/admin/v1/accounts/${accountId}`,
    `/admin/v1/accounts/${accountId}/events`,
    `/admin/v1/accounts/${accountId}/mfa/reset`,
    `/admin/v1/enrollment-tickets/${ticketId}`,
    `/admin/v1/accounts/${accountId}/subject-access`,
    '/admin/v1/audit',
    `/admin/v1/audit?account=${accountId}`,
    '/admin/v1/audit/export?format=csv',
    '/admin/v1/audit/export?format=jsonl',
    '/admin/v1/audit/verify',
    '/admin/v1/escalations',
    '/admin/v1/alerts',
    '/admin/v1/reports/mfa',
    '/admin/v1/reports/mfa/gaps?kind=overdue_resets',
    '/admin/v1/reports/mfa/gaps?kind=pending',
    '/admin/v1/agents',
    '/admin/v1/me',
    '/openapi.json',
  ];
}

/** What each role was answered; asserts no answer holds a token. */
async function readEverything(consoles: Record<Role, AxiosInstance>, paths: string[], tokens: string[]) {
  const answers: Record<string, { status: number; text: string }> = {};
  for (const role of ROLES)
    for (const url of paths) {
      const res = await consoles[role].get<string>(url, asText);
      for (const token of tokens) expect(res.data, `${role} GET ${url}`).not.toContain(token);
      answers[`${role} ${url}`] = { status: res.status, text: res.data };
    }
  return answers;
}

/** No column of any table holds a token in plain text (a sealed body is ciphertext). */
async function expectNotStored(db: Db, tokens: string[]) {
  const tables = await db.introspection.getTables();
  expect(tables.map((t) => t.name)).toContain('outbox');
  for (const table of tables) {
    const { rows } = await sql`select * from ${sql.table(table.name)}`.execute(db);
    const text = JSON.stringify(rows);
    for (const token of tokens) expect(text, table.name).not.toContain(token);
  }
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('live re-enrolment links, read by every console role', () => {
  let smtp: SmtpReceiver;
  let backend: TestBackend;
  let consoles: Record<Role, AxiosInstance>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: PUBLIC_URL } });
    consoles = {
      agent: await backend.agentHttp(await backend.createAgent('agent')),
      auditor: await backend.agentHttp(await backend.createAgent('auditor')),
      admin: await backend.agentHttp(await backend.createAgent('admin')),
    };
  });
  afterAll(async () => {
    await backend?.close();
    await smtp?.close();
  });

  it('no role finds a token in any API or export; the outbox shows the link redacted; the e-mailed link works', async () => {
    const user = await createUser(backend, consoles.admin, 'lena.links@corp.example');
    const started = await consoles.agent.post<string>(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key(), ...asText });
    expect(started.status).toBe(201);
    const ticketId = (JSON.parse(started.data) as { id: string }).id;
    await linkTokens(smtp, user.login, 1);
    const resent = await consoles.admin.post<string>(`/admin/v1/enrollment-tickets/${ticketId}/resend`, {}, asText);
    expect(resent.status).toBe(200);
    const tokens = await linkTokens(smtp, user.login, 2);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(started.data).not.toContain(token);
      expect(resent.data).not.toContain(token);
    }

    const answers = await readEverything(consoles, readPaths(user.id, ticketId, user.login), tokens);
    // Every role reads the outbox (accounts.read) and sees both link e-mails, each link redacted.
    for (const role of ROLES) {
      const outbox = answers[`${role} /admin/v1/outbox?accountId=${user.id}`]!;
      expect(outbox.status).toBe(200);
      expect(outbox.text.split(SHOWN_LINK)).toHaveLength(3);
    }
    // The exports were really read, not refused: the subject-access export (admins) and the audit export (auditors, admins).
    expect(answers[`admin /admin/v1/accounts/${user.id}/subject-access`]).toMatchObject({ status: 200 });
    expect(answers[`admin /admin/v1/accounts/${user.id}/subject-access`]!.text).toContain(SHOWN_LINK);
    for (const role of ['auditor', 'admin'] as const) {
      expect(answers[`${role} /admin/v1/audit/export?format=csv`]).toMatchObject({ status: 200 });
      expect(answers[`${role} /admin/v1/audit/export?format=jsonl`]!.text).toContain('mfa.reset.resent');
    }
    const answered = Object.values(answers).filter((a) => a.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(ROLES.length * 12);

    await expectNotStored(backend.store.db, tokens);
    // Sent, so not even the sealed copy is kept.
    const rows = await backend.store.db.selectFrom('outbox').select(['sealedBody', 'sentAt']).where('accountId', '=', user.id).execute();
    expect(rows.map((r) => [r.sealedBody, r.sentAt !== null])).toEqual([
      [null, true],
      [null, true],
    ]);

    // What reached the user works: the newest link opens and signs in; the older one was replaced.
    const [older, newest] = tokens as [string, string];
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token: older })).status).toBe(404);
    expect((await backend.http.post('/v1/enrollment-tickets/open', { token: newest })).status).toBe(200);
    const signIn = await backend.http.post('/v1/enrollment-tickets/sign-in', { token: newest, email: user.login, password: USER_PASSWORD });
    expect(signIn.status).toBe(200);
  });

  it('a link e-mail that waited for SMTP goes out on the retry with the working link, still unreadable to every role', async () => {
    const port = await freeLoopbackPort();
    const down = await startBackend({ env: { MFA_DESK_SMTP_URL: `smtp://127.0.0.1:${port}`, MFA_DESK_PUBLIC_URL: PUBLIC_URL } });
    let later: SmtpReceiver | null = null;
    try {
      const downConsoles: Record<Role, AxiosInstance> = {
        agent: await down.agentHttp(await down.createAgent('agent')),
        auditor: await down.agentHttp(await down.createAgent('auditor')),
        admin: await down.agentHttp(await down.createAgent('admin')),
      };
      const user = await createUser(down, downConsoles.admin, 'rita.retry@corp.example');
      const started = await downConsoles.agent.post(`/admin/v1/accounts/${user.id}/mfa/reset`, resetBody, { headers: key() });
      expect(started.status).toBe(201);
      const waiting = (await downConsoles.auditor.get(`/admin/v1/outbox?accountId=${user.id}`)).data.items;
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ sentAt: null, error: expect.any(String) });
      expect(waiting[0].body).toContain(SHOWN_LINK);

      // SMTP comes up; once the first retry is due (a minute after the failure), the backend's chores retry with the mailer it is configured with.
      down.clock.advance(60);
      later = await startSmtpReceiver(port);
      const chores = {
        db: down.store.db,
        mailer: createSmtpMailer(later.url, MAIL_FROM, down.box),
        now: () => down.clock.now(),
        auditDetailsRetentionDays: 0,
      };
      expect((await runHousekeeping(chores)).emailsRetried).toBe(1);
      expect((await runHousekeeping(chores)).emailsRetried).toBe(0);
      const tokens = await linkTokens(later, user.login, 1);
      expect(later.messages).toHaveLength(1);

      const ticketId = started.data.id as string;
      await readEverything(downConsoles, readPaths(user.id, ticketId, user.login), tokens);
      await expectNotStored(down.store.db, tokens);
      const sent = (await downConsoles.agent.get(`/admin/v1/outbox?accountId=${user.id}`)).data.items[0];
      expect(sent).toMatchObject({ sentAt: expect.any(String), error: null });

      const token = tokens[0]!;
      expect((await down.http.post('/v1/enrollment-tickets/open', { token })).status).toBe(200);
      expect((await down.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD })).status).toBe(
        200,
      );
    } finally {
      await down.close();
      await later?.close();
    }
  });
});

describe('the request log of the backend as deployed', () => {
  let smtp: SmtpReceiver;
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let agents: Record<string, TestAgent>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    const prepared = await dataDirWithAgents(['admin', 'agent']);
    agents = prepared.agents;
    server = await startServerProcess(prepared.dataDir, ['--log-level', 'trace', '--smtp-url', smtp.url, '--public-url', PUBLIC_URL]);
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  async function signIn(agent: TestAgent): Promise<AxiosInstance> {
    const http = axios.create({ baseURL: server.url, validateStatus: () => true });
    const code = generateSync({ secret: agent.totpSecret });
    const session = await http.post('/admin/v1/sessions', { email: agent.email, password: agent.password, code });
    expect(session.status).toBe(201);
    http.defaults.headers.common['authorization'] = `Bearer ${session.data.token}`;
    return http;
  }

  it('holds no token and no password, at trace level, through the whole link flow', async () => {
    const admin = await signIn(agents['admin']!);
    const agent = await signIn(agents['agent']!);
    const login = 'lars.logs@corp.example';
    const created = await admin.post('/admin/v1/accounts', { login, displayName: 'Lars Logs', department: 'QA', password: USER_PASSWORD });
    expect(created.status).toBe(201);
    const started = await agent.post(`/admin/v1/accounts/${created.data.id}/mfa/reset`, resetBody, { headers: key() });
    expect(started.status).toBe(201);
    const [token] = await linkTokens(smtp, login, 1);
    if (!token) throw new Error('no link');

    const user = axios.create({ baseURL: server.url, validateStatus: () => true });
    expect((await user.post('/v1/enrollment-tickets/open', { token })).status).toBe(200);
    expect((await user.post('/v1/enrollment-tickets/sign-in', { token, email: login, password: 'a wrong password!' })).status).toBe(401);
    expect((await user.post('/v1/enrollment-tickets/sign-in', { token, email: login, password: USER_PASSWORD })).status).toBe(200);
    // A malformed body is refused with a validation error, which is logged too.
    expect((await user.post('/v1/enrollment-tickets/sign-in', { token, email: login })).status).toBe(400);
    expect((await agent.get('/admin/v1/outbox')).status).toBe(200);

    // The log was on and saw these requests (it reaches us a moment after the answers): the check below is not vacuous.
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('"url":"/admin/v1/outbox"');
    const log = server.output();
    expect(log).toContain('"url":"/v1/enrollment-tickets/sign-in"');
    expect(log).not.toContain(token);
    expect(log).not.toContain(USER_PASSWORD);
    expect(log).not.toContain(agents['admin']!.password);
  });
});

describe('migration 0010 on a database that stored links in plain text', () => {
  it('redacts every stored link, withdraws it from its ticket, and never sends a waiting one', async () => {
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
      // The schema as it was before links were sealed.
      const all = await migrationProvider(dialect).getMigrations();
      const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0010'));
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
      expect(error).toBeUndefined();

      const now = new Date().toISOString();
      const account = { id: randomUUID(), login: 'old@corp.example', loginNorm: 'old@corp.example', domain: 'corp.example' };
      await sql`insert into accounts (id, login, login_norm, domain, display_name, name_norm, surname_norm, department, mfa_state, created_at)
        values (${account.id}, ${account.login}, ${account.loginNorm}, ${account.domain}, 'Old', 'old', 'old', 'QA', 'on', ${now})`.execute(
        db,
      );
      const tokens = ['sentTokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'waitingTokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'];
      const ticketIds = [randomUUID(), randomUUID()];
      for (const [i, token] of tokens.entries()) {
        await sql`insert into enrollment_tickets (id, account_id, token_hash, channel, reason, ticket_ref, revoke_old_now, status, version,
            created_by, created_by_label, created_at, expires_at, emails_sent)
          values (${ticketIds[i]}, ${account.id}, ${hashTicketToken(token)}, 'email', 'New phone', 'T-1', 0, 'email_sent', 2,
            'agent', 'agent@desk.test', ${now}, '2999-01-01T00:00:00.000Z', 1)`.execute(db);
        await sql`insert into outbox (id, account_id, to_address, subject, body, created_at, sent_at, error)
          values (${randomUUID()}, ${account.id}, ${account.login}, 'Set up MFA on your new phone',
            ${`Hello,\n\nOpen this link: ${PUBLIC_URL}/account/enrol#ticket=${token}\n`}, ${now}, ${i === 0 ? now : null}, ${i === 0 ? null : 'connect ECONNREFUSED'})`.execute(
          db,
        );
      }
      await db.destroy();

      // The backend starts on it: the remaining migrations run.
      const store = await openStore({ dataDir, databaseUrl: postgres?.url });
      try {
        await expectNotStored(store.db, tokens);
        const mails = await store.db.selectFrom('outbox').selectAll().orderBy('sentAt').execute();
        expect(mails.map((m) => m.body.includes(SHOWN_LINK))).toEqual([true, true]);
        const waiting = mails.find((m) => m.sentAt === null);
        expect(waiting).toMatchObject({ withdrawnAt: expect.any(String), sealedBody: null });
        // Both links stop working: their hashes no longer find a ticket.
        const hashes = await store.db.selectFrom('enrollmentTickets').select(['tokenHash', 'version']).execute();
        expect(hashes.map((h) => h.tokenHash).sort()).toEqual(ticketIds.map((id) => `withdrawn:${id}`).sort());
        expect(hashes.every((h) => h.version === 3)).toBe(true);
        // A retry never sends the withdrawn e-mail (it would carry a dead, redacted link).
        const smtp = await startSmtpReceiver();
        try {
          expect(
            await deliverPendingNotifications(
              store.db,
              createSmtpMailer(smtp.url, MAIL_FROM, createSecretBox(randomBytes(32))),
              () => new Date(),
            ),
          ).toBe(0);
          expect(smtp.messages).toHaveLength(0);
        } finally {
          await smtp.close();
        }
      } finally {
        await store.close();
      }
    } finally {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
