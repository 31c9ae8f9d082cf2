import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-server/store/openStore.js';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importCsv(csv: string) {
  const file = path.join(dir, `accounts-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csv);
  try {
    const { stdout } = await run('npx', ['tsx', 'src-server/server.ts', 'import', file, '--data', dir]);
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function countAccounts() {
  const store = await openStore({ dataDir: dir });
  const { n } = await store.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await store.close();
  return Number(n);
}

describe('CSV import from the command line', () => {
  it('reports every bad line by number and imports nothing', async () => {
    const result = await importCsv(
      [
        'login,name,department,password',
        'ok@example.com,Okay Person,Sales,',
        'not-an-address,Bad Login,Sales,',
        'OK@example.com,Duplicate,Sales,',
        'short@example.com,Short Password,Sales,tooshort',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3: "not-an-address" is not an e-mail address');
    expect(result.stderr).toContain('line 4: OK@example.com appears already on line 2');
    expect(result.stderr).toContain('line 5: an initial password needs at least 12 characters');
    expect(result.stderr).toContain('Nothing was imported');
    expect(await countAccounts()).toBe(0);
  });

  it('imports a good file in one go, and refuses logins that already exist', async () => {
    const good = await importCsv(
      'login,name,department,password\n"ana@bücher.example","Ana Lima",Finance,a-good-long-password\nbo@example.com,Bo Chen,Sales,\n',
    );
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Imported 2 account(s)');
    expect(await countAccounts()).toBe(2);
    const again = await importCsv('login,name,department\nBO@example.com,Bo Again,Sales\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('line 2: an account with the login bo@example.com already exists');
    expect(await countAccounts()).toBe(2);
  });

  it('names a missing column', async () => {
    const result = await importCsv('email,name\na@b.example,A\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 1: the header must name the columns login, name, department');
  });
});
