/**
 * Streamed downloads to a file, with progress the page can poll and a cancel. The audit export can be
 * millions of lines: it goes from the HTTP response straight to disk, never through memory or IPC.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportJob } from '../../src-shared/ipc.js';
import { ConsoleError } from './consoleError.js';

interface RunningJob {
  job: ExportJob;
  abort: AbortController;
}

export interface StreamSource {
  stream: Readable;
  /** Total lines (events) the server announced, for the progress bar; null when unknown. */
  total: number | null;
}

export class ExportJobs {
  private readonly jobs = new Map<string, RunningJob>();

  /** Starts writing `open()`'s stream to `file`; returns at once with the job to poll. */
  start(file: string, open: (signal: AbortSignal) => Promise<StreamSource>): ExportJob {
    const abort = new AbortController();
    const job: ExportJob = {
      jobId: randomUUID(),
      status: 'running',
      fileName: path.basename(file),
      path: file,
      written: 0,
      total: null,
      error: null,
    };
    this.jobs.set(job.jobId, { job, abort });
    void this.run(job, file, open, abort);
    return { ...job };
  }

  progress(jobId: string): ExportJob {
    const running = this.jobs.get(jobId);
    if (!running) throw new ConsoleError('export_unknown', 'That export is not known (it may belong to an earlier session).');
    return { ...running.job };
  }

  /** The file of a finished export, to show in its folder: only a file this console wrote whole. */
  finishedFile(jobId: string): string {
    const running = this.jobs.get(jobId);
    if (!running) throw new ConsoleError('export_unknown', 'That export is not known (it may belong to an earlier session).');
    if (running.job.status !== 'done')
      throw new ConsoleError('export_not_done', 'This export has not finished, so there is no file to show.');
    return running.job.path;
  }

  cancel(jobId: string): ExportJob {
    const running = this.jobs.get(jobId);
    if (!running) throw new ConsoleError('export_unknown', 'That export is not known (it may belong to an earlier session).');
    if (running.job.status === 'running') running.abort.abort();
    return { ...running.job };
  }

  private async run(job: ExportJob, file: string, open: (signal: AbortSignal) => Promise<StreamSource>, abort: AbortController) {
    try {
      const source = await open(abort.signal);
      job.total = source.total;
      source.stream.on('data', (chunk: Buffer | string) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        for (const byte of bytes) if (byte === 0x0a) job.written++;
      });
      await pipeline(source.stream, createWriteStream(file, { mode: 0o600 }), { signal: abort.signal });
      job.status = 'done';
    } catch (error) {
      job.status = abort.signal.aborted ? 'cancelled' : 'failed';
      job.error = abort.signal.aborted
        ? null
        : error instanceof ConsoleError
          ? error.message
          : 'The export stopped: the backend or the disk failed. Try again.';
      // A half-written export must not pass for a whole one.
      await rm(file, { force: true });
    }
  }
}
