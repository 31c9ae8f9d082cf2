#!/usr/bin/env node
// `npm run test:postgres [test files…]`: the integration suite (or the files named) again, on a throwaway PostgreSQL server on loopback,
// so the PostgreSQL path is proven by the same tests as the embedded SQLite one.
// Without PostgreSQL installed it says so and skips, except under CI, where .ci/run installs it.
import { spawnSync } from 'node:child_process';
import { startThrowawayPostgres } from './throwawayPostgres.mjs';

const server = await startThrowawayPostgres();
if (!server) {
  const message = 'PostgreSQL is not installed (apt-get install postgresql): skipping the PostgreSQL run of the integration tests.';
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.log(message);
  process.exit(0);
}
let status = 1;
try {
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MFA_DESK_TEST_POSTGRES_URL: server.url },
  });
  status = result.status ?? 1;
} finally {
  server.stop();
}
process.exit(status);
