#!/usr/bin/env node
// `npm run test:scaleout [test files…]`: the concurrency and race suites (or the files named) with every
// test backend run as three instances, each `src-server/server.ts` in its own process, on one throwaway
// PostgreSQL database behind a real nginx on loopback, round-robin (test/support/backend.ts,
// test/support/nginxFront.ts), so what holds for one instance is shown to hold across instances that
// share nothing but the database (and the test's hand-moved clock, read from a file). PostgreSQL is started by test-postgres.mjs.
// Without nginx installed it says so and skips, except under CI, where .ci/run installs it.
import { spawnSync } from 'node:child_process';

const SUITES = [
  'test/integration/security/parallelGuessing.test.ts',
  'test/integration/security/disableRequestReplay.test.ts',
  'test/integration/server/disableMfa.test.ts',
  'test/integration/server/scaleOutFront.test.ts',
  'test/integration/server/auditChaining.test.ts',
  'test/integration/server/clusterRaces.test.ts',
  'test/integration/server/lockCounts.test.ts',
  'test/integration/server/searchTurns.test.ts',
];

if (spawnSync('nginx', ['-v']).error) {
  const message = 'nginx is not installed (apt-get install nginx): skipping the scale-out run of the race suites.';
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.log(message);
  process.exit(0);
}
const files = process.argv.slice(2);
const result = spawnSync(process.execPath, ['scripts/test-postgres.mjs', ...(files.length > 0 ? files : SUITES)], {
  stdio: 'inherit',
  env: { ...process.env, MFA_DESK_TEST_NGINX: '1' },
});
process.exit(result.status ?? 1);
