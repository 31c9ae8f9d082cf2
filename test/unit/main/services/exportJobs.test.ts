import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExportJobs } from '../../../../src-main/services/exportJobs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-export-'));
const settle = async (jobs: ExportJobs, id: string) => {
  await expect.poll(() => jobs.progress(id).status, { timeout: 5000 }).not.toBe('running');
  return jobs.progress(id);
};

describe('export jobs', () => {
  it('streams to the file and counts lines against the announced total', async () => {
    const jobs = new ExportJobs();
    const file = path.join(dir, 'ok.jsonl');
    const job = jobs.start(file, async () => ({ stream: Readable.from(['{"a":1}\n{"a":2}\n', '{"a":3}\n']), total: 3 }));
    expect(job.status).toBe('running');
    const done = await settle(jobs, job.jobId);
    expect(done).toMatchObject({ status: 'done', written: 3, total: 3, error: null, fileName: 'ok.jsonl' });
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
  });

  it('cancels mid-stream and leaves no half-written file', async () => {
    const jobs = new ExportJobs();
    const file = path.join(dir, 'cancelled.csv');
    const endless = new Readable({ read() {} });
    endless.push('seq,hash\n');
    const job = jobs.start(file, async () => ({ stream: endless, total: 1_000_000 }));
    await expect.poll(() => jobs.progress(job.jobId).written).toBe(1);
    jobs.cancel(job.jobId);
    const done = await settle(jobs, job.jobId);
    expect(done.status).toBe('cancelled');
    expect(existsSync(file)).toBe(false);
  });

  it('reports a failure in words and removes the file', async () => {
    const jobs = new ExportJobs();
    const file = path.join(dir, 'failed.csv');
    const job = jobs.start(file, async () => {
      throw new Error('socket hang up');
    });
    const done = await settle(jobs, job.jobId);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/export stopped/);
    expect(existsSync(file)).toBe(false);
    expect(() => jobs.progress('nope')).toThrow(/not known/);
  });
});
