/**
 * Commits one write with a cheap commit (store/commitDurability.ts) in its own process, says so, and
 * then waits to be killed. Usage: cheapCommitProcess.ts <dataDir> <job name> [postgres URL].
 * Prints `committed` once the commit is acknowledged.
 */
import { withCheapCommit } from '../../src-server/store/commitDurability.js';
import { openStore } from '../../src-server/store/openStore.js';

const [dataDir, job, databaseUrl] = process.argv.slice(2);
if (!dataDir || !job) throw new Error('usage: cheapCommitProcess.ts <dataDir> <job name> [databaseUrl]');
const store = await openStore({ dataDir, databaseUrl });
await withCheapCommit(store.db, (tx) =>
  tx.insertInto('jobLeases').values({ job, owner: 'cheap-commit-process', leaseUntil: '2099-01-01T00:00:00.000Z' }).execute(),
);
process.stdout.write('committed\n');
// Killed from outside, store still open: nothing after the acknowledgement may be needed to keep the write.
setInterval(() => {}, 60_000);
