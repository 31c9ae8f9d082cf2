/**
 * The CSV import is a second door into the accounts table, and mail goes wherever a login says. So it
 * applies the API's own check of a new account (plain addr-spec login, lengths), reports each problem
 * on the line of the file it is on, and imports all or nothing; and the mailer names its envelope
 * recipient from the stored login, normalised, so no text in a login or a name can add a recipient.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { domainToUnicode } from 'node:url';
import { promisify } from 'node:util';
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-server/store/openStore.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';

const run = promisify(execFile);

/** The SMTP receiver reports an IDNA domain in its Unicode form; this puts a stored address the same way. */
function asReceived(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}@${domainToUnicode(address.slice(at + 1))}`;
}

/** The login from the report, as its CSV cell: it unquotes to "a"<evil@attacker.example>"@contoso.example. */
const EVIL_CELL = '"""a""<evil@attacker.example>""@contoso.example"';
const EVIL_LOGIN = '"a"<evil@attacker.example>"@contoso.example';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs `server import` the way an operator does, on a fresh data folder; returns its exit code, problem lines and account count. */
async function importCsv(csv: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-import-'));
  folders.push(dir);
  const file = path.join(dir, 'accounts.csv');
  writeFileSync(file, csv);
  let result: { code: number; stdout: string; stderr: string };
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src-server/server.ts', 'import', file, '--data', dir], {
      maxBuffer: 64 * 1024 * 1024,
    });
    result = { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
  const store = await openStore({ dataDir: dir });
  const accounts = await store.db.selectFrom('accounts').select(['login', 'loginNorm', 'displayName', 'locale']).execute();
  await store.close();
  const problems = result.stderr.split('\n').filter((line) => line.startsWith('line '));
  return { ...result, problems, accounts };
}

describe('CSV import, checked like the API', () => {
  it('refuses the login that smuggled a second address, and imports nothing', async () => {
    const result = await importCsv(['login,name,department', 'ok@contoso.example,Okay,Sales', `${EVIL_CELL},Eve,Sales`].join('\n'));
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([`line 3: "${EVIL_LOGIN}" is not an e-mail address (a plain address such as name@example.com)`]);
    expect(result.stderr).toContain('Nothing was imported');
    expect(result.accounts).toEqual([]);
  });

  it('refuses a 3,000,000-character name on its line, and imports nothing', async () => {
    const result = await importCsv(
      `login,name,department\nok@contoso.example,Okay,Sales\nbig@contoso.example,${'N'.repeat(3_000_000)},Sales\n`,
    );
    expect(result.code).toBe(1);
    expect(result.problems).toEqual(['line 3: the name is longer than 200 characters']);
    expect(result.accounts).toEqual([]);
  });

  it('counts the lines of quoted multi-line fields, so a later error names its own line', async () => {
    const csv = [
      'login,name,department', // 1
      'anna@contoso.example,"Anna', // 2
      'Maria",Sales', // 3
      'ben@contoso.example,Ben,"Sales', // 4
      'and', // 5
      'Marketing"', // 6
      'not-an-address,Bad Login,Sales', // 7
      'cara@contoso.example,"Cara', // 8: a record that starts here…
      '",' + 'D'.repeat(201), // 9: …and is wrong further down is reported where it starts
    ].join('\r\n');
    const result = await importCsv(csv);
    expect(result.code).toBe(1);
    expect(result.problems).toEqual([
      'line 7: "not-an-address" is not an e-mail address (a plain address such as name@example.com)',
      'line 8: the department is longer than 200 characters',
    ]);
    expect(result.accounts).toEqual([]);
  });

  it('counts blank lines before an error, and before the header', async () => {
    const csv = ['', 'login,name,department', '', 'ok@contoso.example,Okay,Sales', '', '   ', 'OK@contoso.example,Twice,Sales', ''].join(
      '\n',
    );
    const result = await importCsv(csv);
    expect(result.code).toBe(1);
    expect(result.problems).toEqual(['line 7: OK@contoso.example appears already on line 4']);
    expect(result.accounts).toEqual([]);
  });

  it('still imports a good file whole, with odd but valid logins stored as written', async () => {
    const result = await importCsv(
      [
        'login,name,department,password',
        `"o'brien+{mfa}@Contoso.example","Eve ""the boss"" <x@y>",Sales,`,
        'ana@bücher.example,Ana,Finance,',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Imported 2 account(s)');
    expect(result.accounts.map((a) => a.loginNorm).sort()).toEqual(['ana@xn--bcher-kva.example', "o'brien+{mfa}@contoso.example"]);
  });

  it("takes each user's language from an optional language column, English when empty", async () => {
    const result = await importCsv(
      ['login,name,department,language', 'jan@contoso.example,Jan,Sales,DE', 'kim@contoso.example,Kim,Sales,'].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(Object.fromEntries(result.accounts.map((a) => [a.login, a.locale]))).toEqual({
      'jan@contoso.example': 'de',
      'kim@contoso.example': 'en',
    });
  });

  it('refuses a language it does not speak on its line, and imports nothing', async () => {
    const result = await importCsv(['login,name,department,language', 'jan@contoso.example,Jan,Sales,fr'].join('\n'));
    expect(result.code).toBe(1);
    expect(result.problems).toEqual(['line 2: the language (en or de) is not valid']);
    expect(result.accounts).toEqual([]);
  });
});

describe('one rule for a login, in the API and the import', () => {
  let backend: TestBackend;
  let admin: AxiosInstance;

  beforeAll(async () => {
    backend = await startBackend();
    admin = await backend.agentHttp(await backend.createAgent('admin'));
  });
  afterAll(() => backend?.close());

  const refused = [
    EVIL_LOGIN,
    '"quoted"@contoso.example',
    'Eve <eve@contoso.example>',
    'a..b@contoso.example',
    'eve@contoso.example (comment)',
    'eve@contoso.example,mallory@attacker.example',
    `${'x'.repeat(65)}@contoso.example`,
    `eve@${'d'.repeat(64)}.example`,
    'eve\u200b@contoso.example',
    'eve@-contoso.example',
  ];

  it.each(refused)('both refuse %j', async (login) => {
    const api = await admin.post('/admin/v1/accounts', { login, displayName: 'Someone', department: 'Sales' });
    expect(api.status).toBe(400);
    const cell = `"${login.replace(/"/g, '""')}"`;
    const imported = await importCsv(`login,name,department\n${cell},Someone,Sales\n`);
    expect(imported.problems).toHaveLength(1);
    expect(imported.problems[0]).toMatch(/^line 2: ".*" is not an e-mail address/);
    expect(imported.accounts).toEqual([]);
  });

  it('both refuse a name past 200 characters, and an empty one', async () => {
    for (const displayName of ['N'.repeat(201), '   ']) {
      const api = await admin.post('/admin/v1/accounts', { login: `n${randomUUID()}@contoso.example`, displayName, department: 'Sales' });
      expect(api.status).toBe(400);
      expect(api.data.errors).toEqual([{ path: '/displayName', message: expect.any(String) }]);
    }
    expect(
      (await admin.post('/admin/v1/accounts', { login: 'n@contoso.example', displayName: 'N'.repeat(200), department: 'Sales' })).status,
    ).toBe(201);
  });
});

describe('where mail goes', () => {
  let smtp: SmtpReceiver;
  let backend: TestBackend;
  let admin: AxiosInstance;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url, MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' } });
    admin = await backend.agentHttp(await backend.createAgent('admin'));
  });
  afterAll(async () => {
    await backend?.close();
    await smtp?.close();
  });

  const reset = (accountId: string) =>
    admin.post(
      `/admin/v1/accounts/${accountId}/mfa/reset`,
      { channel: 'email', reason: 'New phone', ticketRef: 'T-505', revokeOldNow: false },
      { headers: { 'idempotency-key': randomUUID() } },
    );

  it('the envelope names exactly the stored login, normalised, however odd the login and the name', async () => {
    const people = [
      { login: "O'Brien+{mfa}@Contoso.Example", displayName: 'Eve "<evil@attacker.example>", Mallory <mallory@attacker.example>' },
      { login: 'ana@bücher.example', displayName: '=?utf-8?q?evil=40attacker.example?= <evil@attacker.example>' },
    ];
    const stored: string[] = [];
    for (const person of people) {
      const created = await admin.post('/admin/v1/accounts', { ...person, department: 'Sales' });
      expect(created.status).toBe(201);
      expect((await reset(created.data.id)).status).toBe(201);
      const { loginNorm } = await backend.store.db
        .selectFrom('accounts')
        .select('loginNorm')
        .where('id', '=', created.data.id)
        .executeTakeFirstOrThrow();
      stored.push(asReceived(loginNorm));
      await expect.poll(() => smtp.envelopes.length, { timeout: 10_000 }).toBe(stored.length);
    }
    expect(stored).toEqual(["o'brien+{mfa}@contoso.example", 'ana@bücher.example']);
    expect(smtp.envelopes).toEqual(stored.map((address) => ({ mailFrom: 'no-reply@mfa-desk.invalid', rcptTo: [address] })));
    expect(smtp.messages.map((m) => m.to?.map((t) => asReceived(t.address ?? '')))).toEqual(stored.map((address) => [address]));
    expect(JSON.stringify(smtp.messages.map((m) => [m.to, m.cc, m.bcc]))).not.toContain('attacker');
  });

  it('a login stored before the rule, that is no plain address, gets no mail at all', async () => {
    // As the old import stored it: only the domain was checked.
    const id = randomUUID();
    await backend.store.db
      .insertInto('accounts')
      .values({
        id,
        login: EVIL_LOGIN,
        loginNorm: EVIL_LOGIN.toLowerCase(),
        domain: 'contoso.example',
        displayName: 'Legacy',
        nameNorm: 'legacy',
        surnameNorm: 'legacy',
        department: 'Sales',
        locale: 'en',
        passwordHash: null,
        mfaState: 'on',
        failedAttempts: 0,
        nextAttemptAt: null,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      })
      .execute();
    const before = smtp.envelopes.length;
    expect((await reset(id)).status).toBe(201);
    const outbox = (await admin.get(`/admin/v1/outbox?accountId=${id}`)).data.items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ sentAt: null, error: expect.stringContaining('is not a plain e-mail address') });
    expect(smtp.envelopes).toHaveLength(before);
  });
});
