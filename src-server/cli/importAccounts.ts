/**
 * Bulk import of accounts from CSV (header: login,name,department[,password]).
 * Every line is checked first; one bad line means nothing is imported, and each problem names its line.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Db } from '../store/openStore.js';
import type { AccountsTable } from '../store/schema.js';
import { accountRow } from '../domain/accounts.js';
import { appendAudit } from '../domain/audit.js';
import { normaliseLogin } from '../domain/loginAddress.js';
import { hashPassword } from '../domain/passwords.js';

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: { line: number; message: string }[] };

interface CsvRow {
  line: number;
  login: string;
  name: string;
  department: string;
  password: string;
}

const REQUIRED = ['login', 'name', 'department'] as const;

export function parseAccountsCsv(text: string): { rows: CsvRow[]; problems: { line: number; message: string }[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, message: `not valid CSV (${(error as Error).message})` }] };
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length)
    return {
      rows: [],
      problems: [{ line: 1, message: `the header must name the columns login, name, department (missing: ${missing.join(', ')})` }],
    };
  const column = (record: string[], name: string) => record[header.indexOf(name)] ?? '';
  const rows = records.slice(1).map((record, i) => ({
    line: i + 2,
    login: column(record, 'login'),
    name: column(record, 'name'),
    department: column(record, 'department'),
    password: header.includes('password') ? column(record, 'password') : '',
  }));
  return { rows, problems: [] };
}

export async function importAccountsCsv(db: Db, file: string, now: Date): Promise<ImportResult> {
  const { rows, problems } = parseAccountsCsv(await readFile(file, 'utf8'));
  if (problems.length) return { ok: false, problems };
  const seen = new Map<string, number>();
  for (const row of rows) {
    const norm = normaliseLogin(row.login);
    if (!norm) problems.push({ line: row.line, message: `"${row.login}" is not an e-mail address` });
    else if (seen.has(norm.loginNorm))
      problems.push({ line: row.line, message: `${row.login} appears already on line ${seen.get(norm.loginNorm)}` });
    else seen.set(norm.loginNorm, row.line);
    if (!row.name) problems.push({ line: row.line, message: 'the name is empty' });
    if (row.password && row.password.length < 12)
      problems.push({ line: row.line, message: 'an initial password needs at least 12 characters' });
  }
  const logins = [...seen.keys()];
  for (let i = 0; i < logins.length; i += 500) {
    const taken = await db
      .selectFrom('accounts')
      .select('login')
      .where('loginNorm', 'in', logins.slice(i, i + 500))
      .execute();
    for (const { login } of taken)
      problems.push({ line: seen.get(normaliseLogin(login)!.loginNorm)!, message: `an account with the login ${login} already exists` });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };

  const accounts: AccountsTable[] = [];
  for (let i = 0; i < rows.length; i += 8) {
    const batch = rows.slice(i, i + 8);
    const hashes = await Promise.all(batch.map((r) => (r.password ? hashPassword(r.password) : null)));
    batch.forEach((r, j) =>
      accounts.push(accountRow({ login: r.login, displayName: r.name, department: r.department }, hashes[j] ?? null, now)),
    );
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
          details: { file: file.split(/[\\/]/).pop() },
        },
        now,
      );
    }
  });
  return { ok: true, imported: accounts.length };
}
