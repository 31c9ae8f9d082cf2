/**
 * Several backend instances starting at once on one fresh database: each runs the migrations at
 * start, in its own process. Every start succeeds and each migration is applied exactly once
 * (Kysely's Migrator holds a lock for the whole run: an advisory lock on PostgreSQL; on SQLite its
 * transaction is the database's one writer).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../../src-server/store/migrations.js';
import { openStore } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase } from '../../support/backend.js';

const INSTANCES = 5;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function startInstance(dataDir: string, databaseUrl: string | undefined): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/openStoreProcess.ts', dataDir, ...(databaseUrl ? [databaseUrl] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('migrations when several instances start at once', () => {
  it(`migrates a fresh database once while ${INSTANCES} instances start on it together`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-migrate-'));
    const postgres = await freshPostgresDatabase();
    cleanups.push(async () => {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const starts = await Promise.all(Array.from({ length: INSTANCES }, () => startInstance(dataDir, postgres?.url)));
    for (const start of starts) expect(start, start.output).toMatchObject({ code: 0, output: 'migrated\n' });

    const store = await openStore({ dataDir, databaseUrl: postgres?.url });
    cleanups.unshift(() => store.close());
    const expected = Object.keys(await migrationProvider(store.dialect).getMigrations()).sort();
    const applied = await store.db
      .withoutPlugins()
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(applied.map((row: { name?: unknown }) => row.name).sort()).toEqual(expected);
  });
});
