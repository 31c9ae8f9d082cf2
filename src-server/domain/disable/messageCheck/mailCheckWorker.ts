/**
 * The worker thread that checks disable-request e-mails, so parsing and DKIM verification never
 * hold the server's event loop. It takes one task at a time from the pool (checkPool.ts) and may
 * be terminated mid-check when its time budget runs out. Built as its own entry beside server.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDisableRequest, createDnsResolver, NotAMessageError } from '../request/index.js';
import { isCheckTask, isWorkerSetup, type WorkerReport } from './workerProtocol.js';

function serve(port: NonNullable<typeof parentPort>, setup: unknown): void {
  if (!isWorkerSetup(setup)) throw new Error('The mail-check worker was started without its setup.');
  const resolver = createDnsResolver(setup.dnsServers);
  const report = (message: WorkerReport) => port.postMessage(message);

  port.on('message', (task: unknown) => {
    if (!isCheckTask(task)) {
      report({ kind: 'failed', message: 'The mail-check worker received something that is not a task.' });
      return;
    }
    const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
    checkDisableRequest(raw, { ...task.options, resolver }).then(
      (analysis) => report({ kind: 'analysed', analysis }),
      (error: unknown) =>
        report(
          error instanceof NotAMessageError
            ? { kind: 'not_a_message', code: error.code, message: error.message }
            : { kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
        ),
    );
  });
  report({ kind: 'ready' });
}

if (parentPort) serve(parentPort, workerData);
