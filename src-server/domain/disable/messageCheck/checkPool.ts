/**
 * A small pool of worker threads that check disable-request e-mails. An uploaded message is
 * untrusted input whose parsing and DKIM verification can cost seconds of CPU; on the server's own
 * thread that would stall every other request. Here each message is first measured against the
 * header limits (cheap, on this thread), then checked by an idle worker within a time budget: a
 * worker over budget is terminated (mid-computation if need be) and a fresh one is started when
 * the next message comes. Either refusal is a 422 that records nothing.
 */
import type { Worker } from 'node:worker_threads';
import { NotAMessageError, type DisableRequestAnalysis } from '../request/index.js';
import { DeskProblem } from '../../platform/problems.js';
import { assertWithinHeaderLimits, HEADER_LIMITS, type HeaderLimits } from './headerLimits.js';
import { startMailCheckWorker } from './workerLaunch.js';
import { isWorkerReport, type CheckTask, type RemoteCheckOptions, type WorkerReport } from './workerProtocol.js';

export interface MessageCheckPool {
  /**
   * Checks `raw` off the event loop. Throws a DeskProblem 422 (`message_too_complex`,
   * `message_check_timeout`), a NotAMessageError, or an Error when a worker broke.
   */
  check(raw: Buffer, options: RemoteCheckOptions): Promise<DisableRequestAnalysis>;
  /** Stops every worker; checks still waiting fail. */
  close(): Promise<void>;
}

export interface MessageCheckPoolOptions {
  dnsServers: string[] | undefined;
  /** Wall-clock time one check may take in its worker, DNS lookups included. */
  budgetMs: number;
  /** Workers at most, each checking one message at a time. */
  size?: number;
  limits?: HeaderLimits;
}

/** Two workers: a second message is not held up by a slow first, and the server keeps its cores. */
const DEFAULT_SIZE = 2;

interface PendingCheck {
  task: CheckTask;
  resolve(analysis: DisableRequestAnalysis): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: PendingCheck | null;
  timer: NodeJS.Timeout | null;
}

function overBudget(budgetMs: number): DeskProblem {
  const seconds = Math.max(1, Math.round(budgetMs / 1000));
  return new DeskProblem(
    422,
    'message_check_timeout',
    `Checking the e-mail took longer than the ${seconds} s one check may take, so it was stopped and nothing was recorded. ` +
      'Try again in a moment; if it happens again, ask the user to send the request again as a new, plain e-mail.',
    { params: { seconds } },
  );
}

export function createMessageCheckPool(options: MessageCheckPoolOptions): MessageCheckPool {
  const size = options.size ?? DEFAULT_SIZE;
  const limits = options.limits ?? HEADER_LIMITS;
  const slots = new Set<Slot>();
  const queue: PendingCheck[] = [];
  let closed = false;

  function retire(slot: Slot): Promise<number> {
    slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    return slot.worker.terminate();
  }

  /** Ends the slot's current check with `settle` and makes the slot free for the next one. */
  function settleCurrent(slot: Slot, settle: (check: PendingCheck) => void): void {
    const check = slot.current;
    if (slot.timer) clearTimeout(slot.timer);
    slot.current = null;
    slot.timer = null;
    if (check) settle(check);
  }

  function assign(slot: Slot, check: PendingCheck): void {
    slot.current = check;
    slot.timer = setTimeout(() => {
      slot.current = null;
      void retire(slot);
      check.reject(overBudget(options.budgetMs));
      pump();
    }, options.budgetMs);
    try {
      slot.worker.postMessage(check.task, [check.task.raw.buffer]);
    } catch (error) {
      // Options that cannot be cloned fail this check only; the worker never saw it and stays free.
      settleCurrent(slot, (failed) => failed.reject(error instanceof Error ? error : new Error(String(error))));
    }
  }

  function onReport(slot: Slot, report: WorkerReport): void {
    switch (report.kind) {
      case 'ready':
        slot.ready = true;
        break;
      case 'analysed':
        settleCurrent(slot, (check) => check.resolve(report.analysis));
        break;
      case 'not_a_message':
        settleCurrent(slot, (check) => check.reject(new NotAMessageError(report.code, report.message)));
        break;
      case 'failed':
        settleCurrent(slot, (check) => check.reject(new Error(`The mail check failed: ${report.message}`)));
        break;
    }
    pump();
  }

  function onDeath(slot: Slot, error: Error): void {
    // A worker retired on purpose (over budget, closing) has already answered its check.
    if (!slots.has(slot)) return;
    slots.delete(slot);
    settleCurrent(slot, (check) => check.reject(error));
    // One that never got ready cannot be fixed by starting another: the waiting checks fail instead of looping.
    if (!slot.ready) for (const check of queue.splice(0)) check.reject(error);
    pump();
  }

  function spawn(): void {
    const worker = startMailCheckWorker({ dnsServers: options.dnsServers });
    // Idle workers must not keep a finished process (a test run, a CLI command) alive.
    worker.unref();
    const slot: Slot = { worker, ready: false, current: null, timer: null };
    slots.add(slot);
    worker.on('message', (message: unknown) => {
      if (isWorkerReport(message)) onReport(slot, message);
    });
    worker.on('error', (error) => onDeath(slot, error));
    worker.on('exit', (code) => onDeath(slot, new Error(`The mail-check worker stopped (exit ${code}).`)));
  }

  function pump(): void {
    if (closed) return;
    for (const slot of slots) {
      const next = slot.ready && !slot.current ? queue.shift() : undefined;
      if (next) assign(slot, next);
    }
    let starting = [...slots].filter((slot) => !slot.ready).length;
    while (queue.length > starting && slots.size < size) {
      spawn();
      starting++;
    }
  }

  return {
    async check(raw, checkOptions) {
      if (closed) throw new Error('The mail-check pool is closed.');
      assertWithinHeaderLimits(raw, limits);
      // A copy of exactly these bytes, whose memory moves to the worker instead of being cloned.
      const task: CheckTask = { raw: new Uint8Array(raw), options: checkOptions };
      return new Promise<DisableRequestAnalysis>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const stopped = new Error('The server is shutting down; the e-mail was not checked.');
      for (const check of queue.splice(0)) check.reject(stopped);
      const retiring = [...slots].map((slot) => {
        settleCurrent(slot, (check) => check.reject(stopped));
        return retire(slot);
      });
      await Promise.all(retiring);
    },
  };
}
