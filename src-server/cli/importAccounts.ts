/**
 * Bulk import of accounts from CSV (header: login,name,department[,password][,language]; language en or de, English when empty).
 * Every line is checked first, with the very check the API applies to a new account
 * (domain/newAccount.ts); one bad line means nothing is imported. Each problem names the line of the
 * file its record starts on, counting blank lines and line breaks inside quoted fields, as an editor
 * shows them.
 */
import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import type { NewAccount } from '../../src-shared/api.js';
import type { Db } from '../store/openStore.js';
import type { AccountsTable } from '../store/schema.js';
import { accountRow } from '../domain/accounts/accounts.js';
import { appendAudit } from '../domain/audit/chain.js';
import { chainPendingAudit } from '../domain/audit/chaining.js';
import { normaliseLogin } from '../domain/accounts/loginAddress.js';
import { checkNewAccount, type NewAccountFields } from '../domain/accounts/newAccount.js';
import { hashPassword } from '../domain/credentials/passwords.js';

export interface LineProblem {
  line: number;
  message: string;
}

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: LineProblem[] };

interface CsvRecord {
  /** The line the record starts on (1-based). */
  line: number;
  fields: string[];
}

interface CsvRow<Account = NewAccountFields> {
  line: number;
  account: Account;
}

const REQUIRED = ['login', 'name', 'department'] as const;

const newlines = (text: string) => text.split('\n').length - 1;

/** Parses the file into records, each with the line it starts on. */
function readRecords(text: string): { records: CsvRecord[] } | { problem: LineProblem } {
  const records: CsvRecord[] = [];
  try {
    // One kind of line break, so csv-parse counts lines the way an editor numbers them.
    parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      // `lines` is where a record ends; a record spans one more line per line break inside its quoted fields.
      on_record: (fields, { lines }) => {
        records.push({ line: lines - fields.reduce((n, field) => n + newlines(field), 0), fields });
        return fields;
      },
    });
  } catch (error) {
    const line = error instanceof CsvError && typeof error['lines'] === 'number' ? error['lines'] : 1;
    return { problem: { line, message: `not valid CSV (${error instanceof Error ? error.message : String(error)})` } };
  }
  return { records };
}

export function parseAccountsCsv(text: string): { rows: CsvRow[]; problems: LineProblem[] } {
  const read = readRecords(text);
  if ('problem' in read) return { rows: [], problems: [read.problem] };
  const [headerRecord, ...records] = read.records;
  const header = (headerRecord?.fields ?? []).map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length)
    return {
      rows: [],
      problems: [
        {
          line: headerRecord?.line ?? 1,
          message: `the header must name the columns login, name, department (missing: ${missing.join(', ')})`,
        },
      ],
    };
  const column = (record: CsvRecord, name: string) => record.fields[header.indexOf(name)] ?? '';
  const rows = records.map((record) => {
    const password = header.includes('password') ? column(record, 'password') : '';
    const language = header.includes('language') ? column(record, 'language').trim().toLowerCase() : '';
    return {
      line: record.line,
      account: {
        login: column(record, 'login'),
        displayName: column(record, 'name'),
        department: column(record, 'department'),
        // An empty password cell means "no initial password", as leaving the field out does in the API.
        ...(password ? { password } : {}),
        // Checked with the rest of the row (checkNewAccount): anything but en or de is a problem on its line.
        ...(language ? { locale: language } : {}),
      },
    };
  });
  return { rows, problems: [] };
}

/** Checks every row as the API would, plus duplicates within the file and logins already taken. */
async function checkRows(db: Db, rows: CsvRow[]): Promise<{ accounts: CsvRow<NewAccount>[]; problems: LineProblem[] }> {
  const problems: LineProblem[] = [];
  const accounts: CsvRow<NewAccount>[] = [];
  const seen = new Map<string, { line: number; login: string }>();
  for (const row of rows) {
    const { account, valid, problems: found } = checkNewAccount(row.account);
    for (const problem of found) problems.push({ line: row.line, message: problem.message });
    const loginNorm = normaliseLogin(account.login)?.loginNorm;
    if (!loginNorm) continue;
    const first = seen.get(loginNorm);
    if (first) problems.push({ line: row.line, message: `${account.login} appears already on line ${first.line}` });
    else seen.set(loginNorm, { line: row.line, login: account.login });
    if (valid) accounts.push({ line: row.line, account: valid });
  }
  const logins = [...seen.keys()];
  for (let i = 0; i < logins.length; i += 500) {
    const taken = await db
      .selectFrom('accounts')
      .select(['login', 'loginNorm'])
      .where('loginNorm', 'in', logins.slice(i, i + 500))
      .execute();
    for (const { login, loginNorm } of taken)
      problems.push({ line: seen.get(loginNorm)?.line ?? 1, message: `an account with the login ${login} already exists` });
  }
  return { accounts, problems: problems.sort((a, b) => a.line - b.line) };
}

export async function importAccountsCsv(db: Db, file: string, now: Date): Promise<ImportResult> {
  const parsed = parseAccountsCsv(await readFile(file, 'utf8'));
  if (parsed.problems.length) return { ok: false, problems: parsed.problems };
  const { accounts: checked, problems } = await checkRows(db, parsed.rows);
  if (problems.length) return { ok: false, problems };

  const accounts: AccountsTable[] = [];
  for (let i = 0; i < checked.length; i += 8) {
    const batch = checked.slice(i, i + 8);
    const hashes = await Promise.all(
      batch.map(({ account }) => (account.password ? hashPassword(account.password) : Promise.resolve(null))),
    );
    batch.forEach(({ account }, j) => accounts.push(accountRow(account, hashes[j] ?? null, now)));
  }
  await db.transaction().execute(async (tx) => {
    for (const account of accounts) {
      await tx.insertInto('accounts').values(account).execute();
      await appendAudit(
        tx,
        {
          actorType: 'system',
          actorId: null,
          actorLabel: 'CSV import',
          action: 'account.imported',
          accountId: account.id,
          accountLogin: account.login,
          details: { file: file.split(/[\\/]/).pop(), language: account.locale },
        },
        now,
      );
    }
  });
  await chainPendingAudit(db);
  return { ok: true, imported: accounts.length };
}
