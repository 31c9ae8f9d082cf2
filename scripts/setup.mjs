#!/usr/bin/env node
// The explicit install step behind `npm start` and `npm test`. The project's .npmrc turns npm's install
// scripts off, so that Electron's binary download (which fails on machines that cannot reach its host)
// can never fail `npm install`. This step does what those scripts would have done, once:
//   - builds the native modules (better-sqlite3; argon2 ships prebuilt) for the Node that runs it;
//   - fetches Electron's binary, non-fatally: where it cannot be had, it says so once and MFA Desk
//     opens in the system's Chromium instead (npm start) — unless --native-only.
// Both are skipped when already done, so the step costs a fraction of a second after the first run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'mfa-desk');
const electronMarker = path.join(cacheDir, 'electron-unavailable.txt');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function nativeModulesLoad() {
  const probe = "new (require('better-sqlite3'))(':memory:').close(); require('argon2');";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

function buildNativeModules() {
  if (nativeModulesLoad()) return;
  console.log(`MFA Desk: building the database driver (better-sqlite3) for Node ${process.version}; this takes about a minute, once.`);
  const result = spawnSync(npm, ['rebuild', 'better-sqlite3', 'argon2', '--ignore-scripts=false', '--foreground-scripts'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0 || !nativeModulesLoad()) {
    console.error(
      'MFA Desk: the native modules could not be built. They need Python 3, make and a C++ compiler\n' +
        '(Debian/Ubuntu: apt-get install python3 make g++; macOS: xcode-select --install; Windows: Visual Studio Build Tools).',
    );
    process.exit(1);
  }
}

/** The Electron binary's path when it is installed, else null. */
export function electronBinary() {
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
  return result.status === 0 && result.stdout && existsSync(result.stdout) ? result.stdout : null;
}

/** Why the Electron window is not available (said once, when the download failed), or null when it is. */
export function electronUnavailableReason() {
  return existsSync(electronMarker) ? readFileSync(electronMarker, 'utf8') : null;
}

function fetchElectron({ retry }) {
  if (electronBinary()) return;
  if (existsSync(electronMarker) && !retry) return;
  if (process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']) return;
  console.log("MFA Desk: downloading Electron's binary (once)…");
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  if (result.status === 0 && electronBinary()) {
    rmSync(electronMarker, { force: true });
    return;
  }
  const detail = `${result.stderr ?? ''}${result.error?.message ?? ''}`;
  const cause = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.exec(detail)?.[0] ?? 'the download failed';
  const reason = `Electron's binary could not be downloaded (${cause}).`;
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(electronMarker, reason);
  console.log(
    [
      `MFA Desk: the Electron window is not available on this machine: ${reason}`,
      '          npm start opens the console in Chromium or Chrome instead. To try the download again:',
      '          node scripts/setup.mjs --retry-electron',
    ].join('\n'),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildNativeModules();
  if (!process.argv.includes('--native-only')) fetchElectron({ retry: process.argv.includes('--retry-electron') });
}
