/**
 * Commits one write with a cheap commit (store/commitDurability.ts) and another as a cheap batch of
 * writes (store/writeBatch.ts: on SQLite, a transaction run inside the writer thread) in its own
 * process, says so, and then waits to be killed. Usage: cheapCommitProcess.ts <dataDir> <job name>
 * [postgres URL]. Prints `committed` once both commits are acknowledged.
 */
import { withCheapCommit } from '../../src-server/store/commitDurability.js';
import { openStore } from '../../src-server/store/openStore.js';
import { writeTogether } from '../../src-server/store/writeBatch.js';

const [dataDir, job, databaseUrl] = process.argv.slice(2);
if (!dataDir || !job) throw new Error('usage: cheapCommitProcess.ts <dataDir> <job name> [databaseUrl]');
const store = await openStore({ dataDir, databaseUrl });
await withCheapCommit(store.db, (tx) =>
  tx.insertInto('jobLeases').values({ job, owner: 'cheap-commit-process', leaseUntil: '2099-01-01T00:00:00.000Z' }).execute(),
);
await writeTogether(
  store.db,
  [store.db.insertInto('jobLeases').values({ job: `${job}-batch`, owner: 'cheap-commit-process', leaseUntil: '2099-01-01T00:00:00.000Z' })],
  { cheap: true },
);
process.stdout.write('committed\n');
// Killed from outside, store still open: nothing after the acknowledgement may be needed to keep the write.
setInterval(() => {}, 60_000);
