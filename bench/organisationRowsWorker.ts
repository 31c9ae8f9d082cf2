/**
 * Makes the generator's batches of rows (organisationRows.ts) in a worker thread, so that making them —
 * UUIDs, sealed secrets, look-alike skeletons — runs beside the thread that writes them. Each message
 * `{ start, end }` is answered with that batch and what it counted, in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { organisationRows, OrganisationTally } from './organisationRows.js';

export interface RowsWorkerData {
  passwordHash: string;
  encryptionKey: Uint8Array;
  nowMs: number;
}

const { passwordHash, encryptionKey, nowMs } = workerData as RowsWorkerData;
const box = createSecretBox(Buffer.from(encryptionKey));
parentPort?.on('message', ({ start, end }: { start: number; end: number }) => {
  const tally = new OrganisationTally();
  const batch = organisationRows(start, end, passwordHash, box, nowMs, tally);
  parentPort?.postMessage({ batch, states: tally.states, days: tally.days });
});
