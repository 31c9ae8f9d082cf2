#!/usr/bin/env node
// `npm start`: finish the install (native modules; Electron's binary, non-fatally), build the console,
// then open it on its embedded default: in Electron where its binary is installed, else in the system's
// Chromium or Chrome behind the same main-process code (out/main/chromiumShell.js says which shell it uses).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, 'scripts', 'setup.mjs')]);
run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
const electron = electronBinary();
if (electron) {
  console.log('MFA Desk: opening the console in Electron.');
  // The embedded backend runs under the Node that built the native modules: this one.
  run(electron, ['.'], { env: { ...process.env, npm_node_execpath: process.execPath } });
} else {
  run(process.execPath, [path.join(root, 'out', 'main', 'chromiumShell.js')]);
}
