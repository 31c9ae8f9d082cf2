/**
 * Runs the console without Electron's binary (DESIGN.md §5), exactly as the Chromium shell of `npm start`
 * does (src-main/chromiumShell/consolePage.ts): the built renderer answered by interception, the built
 * preload in the page with its ipcRenderer bridged over Playwright's pipe to the same guarded handler
 * table that Electron registers — which talks to a real backend. Only Electron's own IPC transport is
 * left out.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_PAGE_URL, openConsolePage, pushToPage } from '../../src-main/chromiumShell/consolePage.js';
import { DESK_EVENT_CHANNEL, type DeskEvent } from '../../src-shared/deskEvents.js';
import { setupConsole, type ConsoleCore } from '../../src-main/setupConsole.js';
import type { DeskNotice } from '../../src-main/services/liveWork.js';
import type { TestBackend } from '../support/backend.js';

export const OUT = path.resolve('out');
export const SCREENSHOTS = path.resolve('test-results', 'e2e');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export interface ConsoleHarness {
  core: ConsoleCore;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  rendererUrl: string;
  dataDir: string;
  screenshot(name: string): Promise<string>;
  /** What Electron's main sends the page: a menu command, an mfa-desk:// link, an update ready. */
  pushDeskEvent(event: DeskEvent): Promise<void>;
  /** The desktop notifications main raised, in order. */
  notices: DeskNotice[];
  /** The files main was asked to show in their folder. */
  revealed: string[];
  close(): Promise<void>;
}

/** Starts a console (main-process core + page) on its embedded default, or on a remote backend URL. */
export async function startConsole(options: { remoteUrl?: string; liveWorkIntervalMs?: number } = {}): Promise<ConsoleHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-console-'));
  const core = setupConsole({
    dataDir,
    embedded: { serverEntry: path.join(OUT, 'main', 'server.js'), nodeBinary: process.execPath },
    // Electron would show a save dialog; the harness saves into the console's temporary folder.
    chooseSavePath: async (suggestedName) => path.join(dataDir, suggestedName),
    // Electron's "show in folder", recorded for the tests to read.
    revealFile: (file) => revealed.push(file),
    // Desktop notifications, as Electron would show them, are recorded for the tests to read.
    notify: (notice) => notices.push(notice),
    ...(options.liveWorkIntervalMs ? { liveWorkIntervalMs: options.liveWorkIntervalMs } : {}),
    log: (message, error) => console.error(message, error ?? ''),
  });
  const notices: DeskNotice[] = [];
  const revealed: string[] = [];
  // As the shells do at start: connect (to the embedded default, or to the remote backend given).
  if (options.remoteUrl) await core.connection.setBackend({ mode: 'remote', url: options.remoteUrl });
  else void core.connection.connect();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const page = await openConsolePage(context, {
    rendererDir: path.join(OUT, 'renderer'),
    preloadFile: path.join(OUT, 'preload', 'index.cjs'),
    invoke: core.invoke,
  });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  // As the Chromium shell does: main's events reach the page through the preload.
  const stopEvents = core.onDeskEvent((event) => void pushToPage(page, DESK_EVENT_CHANNEL, event).catch(() => {}));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    core,
    browser,
    context,
    page,
    rendererUrl: CONSOLE_PAGE_URL,
    dataDir,
    pushDeskEvent: (event) => pushToPage(page, DESK_EVENT_CHANNEL, event),
    async screenshot(name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    notices,
    revealed,
    async close() {
      stopEvents();
      await browser.close();
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs an agent in through the console's own sign-in form, with a fresh code from their authenticator. */
export async function signInThroughForm(page: Page, backend: TestBackend, who: { email: string; password: string; totpSecret: string }) {
  await page.getByTestId('signin-form').waitFor({ timeout: 60_000 });
  backend.clock.nextStep();
  await page.getByTestId('signin-email').fill(who.email);
  await page.getByTestId('signin-password').fill(who.password);
  await page.getByTestId('signin-code').fill(backend.codeFor(who.totpSecret));
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signed-in-agent').filter({ hasText: who.email }).waitFor();
}
