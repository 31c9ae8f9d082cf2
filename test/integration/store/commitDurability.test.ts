/**
 * The durability model (src-server/store/commitDurability.ts): a cheap commit is a commit like any
 * other to everyone reading — seen once acknowledged, gone when rolled back, never mixed into the
 * durability of the transaction around it — and a process killed right after a cheap commit (a
 * transaction's, or a batch of writes') was acknowledged loses nothing (only a power cut may). On SQLite and, under test:postgres, PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withCheapCommit } from '../../../src-server/store/commitDurability.js';
import { openStore } from '../../../src-server/store/openStore.js';
import { freshPostgresDatabase, startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(() => backend.close());
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const lease = (job: string) => ({ job, owner: 'test', leaseUntil: '2099-01-01T00:00:00.000Z' });
const jobs = async (prefix: string) =>
  (await backend.store.db.selectFrom('jobLeases').select('job').where('job', 'like', `${prefix}%`).orderBy('job').execute()).map(
    (row) => row.job,
  );

describe('cheap commits', () => {
  it('are seen once acknowledged, like any commit, and a durable write after one is seen too', async () => {
    await withCheapCommit(backend.store.db, (tx) => tx.insertInto('jobLeases').values(lease('seen-1')).execute());
    expect(await jobs('seen-')).toEqual(['seen-1']);
    await backend.store.db.insertInto('jobLeases').values(lease('seen-2')).execute();
    await backend.store.db.transaction().execute((tx) => tx.insertInto('jobLeases').values(lease('seen-3')).execute());
    expect(await jobs('seen-')).toEqual(['seen-1', 'seen-2', 'seen-3']);
  });

  it('leave nothing when the work fails, and the next transaction is unaffected', async () => {
    await expect(
      withCheapCommit(backend.store.db, async (tx) => {
        await tx.insertInto('jobLeases').values(lease('failed-1')).execute();
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await backend.store.db.transaction().execute((tx) => tx.insertInto('jobLeases').values(lease('failed-2')).execute());
    expect(await jobs('failed-')).toEqual(['failed-2']);
  });

  it('join a transaction they are called in, which commits or rolls back as a whole', async () => {
    await expect(
      backend.store.db.transaction().execute(async (tx) => {
        await withCheapCommit(tx, (inner) => inner.insertInto('jobLeases').values(lease('joined-1')).execute());
        throw new Error('the outer work failed');
      }),
    ).rejects.toThrow('the outer work failed');
    expect(await jobs('joined-')).toEqual([]);
  });

  it('survive the process being killed right after the commit was acknowledged', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-cheap-commit-'));
    const postgres = await freshPostgresDatabase();
    cleanups.push(async () => {
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/cheapCommitProcess.ts', dataDir, 'killed-after-commit', ...(postgres ? [postgres.url] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('committed')) resolve();
      });
      child.once('exit', () => reject(new Error(`the process ended before committing: ${output}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = await openStore({ dataDir, databaseUrl: postgres?.url });
    cleanups.unshift(() => store.close());
    const rows = await store.db.selectFrom('jobLeases').select(['job', 'owner']).orderBy('job').execute();
    expect(rows).toEqual([
      { job: 'killed-after-commit', owner: 'cheap-commit-process' },
      { job: 'killed-after-commit-batch', owner: 'cheap-commit-process' },
    ]);
  });
});
