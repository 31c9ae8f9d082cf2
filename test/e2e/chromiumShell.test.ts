/**
 * `npm start` where Electron's binary is missing: the console in the system's Chromium, behind the same
 * main-process code and guarded bridge, on its embedded backend. The shell is started the way npm start
 * starts it (headless here), and its entry point is run to check what it says without a display or browser.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumShell, type ChromiumShell } from '../../src-main/chromiumShell/openChromiumShell.js';
import { CONSOLE_PAGE_URL } from '../../src-main/chromiumShell/consolePage.js';
import { IPC_CHANNEL } from '../../src-shared/ipc.js';
import { OUT, SCREENSHOTS } from './harness.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHELL_ENTRY = path.join(OUT, 'main', 'chromiumShell.js');

let dataDir: string;
let shell: ChromiumShell;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-shell-'));
  shell = await openChromiumShell({ executablePath: CHROMIUM, headless: true, dataDir, downloadsDir: dataDir, outDir: OUT, log: () => {} });
});
afterAll(async () => {
  await shell?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console in the system Chromium (npm start without Electron)', () => {
  it('signs in to the embedded backend and shows the account search', async () => {
    const { page } = shell;
    await page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('signed-in-agent').textContent()).toContain('admin@desk.example');
    await page.getByPlaceholder('Login, name, or @domain').fill('anna');
    await page.getByRole('option').first().waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chromium-shell-account-search.png') });
    expect(page.url().split('#')[0]).toBe(CONSOLE_PAGE_URL);
  });

  it('gives the page window.api and nothing of Node', async () => {
    const seen = await shell.page.evaluate(() => [
      typeof (globalThis as { api?: unknown }).api,
      typeof (globalThis as { require?: unknown }).require,
      typeof (globalThis as { process?: unknown }).process,
    ]);
    expect(seen).toEqual(['object', 'undefined', 'undefined']);
  });

  it('refuses the bridge to a page that is not the console, even in the same browser', async () => {
    const other = await shell.context.newPage();
    await other.setContent('<p>not the console</p>');
    const answer = await other.evaluate(
      (channel) =>
        (globalThis as unknown as { __deskIpcInvoke: (...a: unknown[]) => Promise<unknown> }).__deskIpcInvoke(
          channel,
          'session.signOut',
          {},
        ),
      IPC_CHANNEL,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    await other.close();
  });

  it('without a display, says how to run it and exits non-zero', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, MFA_DESK_BROWSER: CHROMIUM, MFA_DESK_CONSOLE_DATA: dataDir };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    delete env['MFA_DESK_HEADLESS'];
    const run = spawnSync(process.execPath, [SHELL_ENTRY], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('xvfb-run npm start');
  });

  it('without any Chromium or Chrome, says what to install and exits non-zero', () => {
    const env = { ...process.env, MFA_DESK_BROWSER: path.join(dataDir, 'no-such-browser') };
    const run = spawnSync(process.execPath, [SHELL_ENTRY], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no Chromium or Chrome was found');
  });
});
