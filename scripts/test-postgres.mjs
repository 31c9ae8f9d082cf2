#!/usr/bin/env node
// `npm run test:postgres [test files…]`: the integration suite (or the files named) again, on a throwaway PostgreSQL server on loopback,
// so the PostgreSQL path is proven by the same tests as the embedded SQLite one.
// Without PostgreSQL installed it says so and skips, except under CI, where .ci/run installs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const bin = postgresBin();
if (!bin) {
  const message = 'PostgreSQL is not installed (apt-get install postgresql): skipping the PostgreSQL run of the integration tests.';
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.log(message);
  process.exit(0);
}

// PostgreSQL refuses to run as root; on CI (root) it runs as the postgres user the package created.
const asPostgres =
  process.getuid?.() === 0 ? (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : (cmd, args) => [cmd, args];
const run = (cmd, args) => {
  const [c, a] = asPostgres(cmd, args);
  execFileSync(c, a, { stdio: ['ignore', 'ignore', 'inherit'] });
};

const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-pg-'));
if (process.getuid?.() === 0)
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
const port = await freePort();
let status = 1;
try {
  run(path.join(bin, 'initdb'), ['-D', dir, '--locale=C', '-E', 'UTF8', '-A', 'trust', '-U', 'postgres']);
  run(path.join(bin, 'pg_ctl'), [
    '-D',
    dir,
    '-w',
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MFA_DESK_TEST_POSTGRES_URL: `postgres://postgres@127.0.0.1:${port}/postgres` },
  });
  status = result.status ?? 1;
} finally {
  try {
    run(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop']);
  } catch {
    // Already stopped.
  }
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
