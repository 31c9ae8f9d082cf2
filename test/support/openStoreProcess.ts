/**
 * Opens the store the way a starting backend does, in its own process, then closes it: a backend
 * instance's start, reduced to its migrations. Usage: openStoreProcess.ts <dataDir> [postgres URL].
 * Prints `migrated` on success; an error exits non-zero with its message.
 */
import { openStore } from '../../src-server/store/openStore.js';

const [dataDir, databaseUrl] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: openStoreProcess.ts <dataDir> [databaseUrl]');
const store = await openStore({ dataDir, databaseUrl });
await store.close();
process.stdout.write('migrated\n');
