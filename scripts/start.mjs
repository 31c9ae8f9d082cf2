#!/usr/bin/env node
// `npm start`: build the console, then open it on its embedded default backend.
// Where the Electron binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD), say so plainly.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  electronBinary = require('electron');
} catch (error) {
  console.error(
    [
      'MFA Desk cannot open its window: the Electron binary is not installed on this machine.',
      `(${error instanceof Error ? error.message.split('\n')[0] : error})`,
      '',
      'Install it with:   node node_modules/electron/install.js   (or npm install without ELECTRON_SKIP_BINARY_DOWNLOAD)',
      'Meanwhile the backend runs on its own:   npm run server -- --demo --data .data',
    ].join('\n'),
  );
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(electronBinary, ['.'], { stdio: 'inherit', env: { ...process.env, npm_node_execpath: process.execPath } });
process.exit(run.status ?? 0);
