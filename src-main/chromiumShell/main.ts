/**
 * `npm start` where Electron's binary is missing: the same console — the same main-process code behind
 * the same guarded bridge — in the system's Chromium or Chrome, driven over its debugging pipe, so
 * nothing listens on a port but the embedded backend on loopback. Built to out/main/chromiumShell.js.
 */
import { consoleSetting } from '../environment.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser, hasDisplay, userDataDir } from './browser.js';
import { openChromiumShell } from './openChromiumShell.js';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string, exitCode: number): never {
  console.error(message);
  process.exit(exitCode);
}

const env = process.env;
const headless = consoleSetting('headless', env);
const browser = findBrowser(env);
if (!browser)
  fail(
    [
      'MFA Desk cannot open its window: the Electron binary is not installed, and no Chromium or Chrome was found.',
      'Install Chromium (Debian/Ubuntu: apt-get install chromium) or Google Chrome, or name one with',
      'MFA_DESK_BROWSER=/path/to/chrome npm start. To try the Electron download again: node scripts/setup.mjs --retry-electron',
    ].join('\n'),
    1,
  );
if (!headless && !hasDisplay(env))
  fail('MFA Desk needs a display to open its window, and this machine has none. Run it under a virtual display: xvfb-run npm start', 2);

console.log(
  `MFA Desk: opening the console in ${path.basename(browser.executablePath)} (${browser.executablePath}, found on ${browser.source}), since the Electron window is not available here.`,
);
const shell = await openChromiumShell({
  executablePath: browser.executablePath,
  headless,
  dataDir: userDataDir(env, homedir()),
  downloadsDir: existsSync(path.join(homedir(), 'Downloads')) ? path.join(homedir(), 'Downloads') : homedir(),
  outDir,
});
console.log('MFA Desk: the console is open. Close its window (or press Ctrl+C here) to quit.');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shell.close());
await shell.closed;
process.exit(0);
