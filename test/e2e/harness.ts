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
import { expectAccessible } from '../support/accessibility.js';
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
  /**
   * The accessibility gate (DESIGN.md §5): axe on the screen as it is now, in both themes, failing on any
   * violation. Every console page the test navigates to must pass through it before `close()`, which
   * otherwise fails naming the pages left unchecked; `screenshot()` runs it too.
   */
  checkScreen(name: string): Promise<void>;
  /** Checks the screen (see `checkScreen`), then saves a full-page picture of it. */
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
    // The computer's languages as Electron would read them, fixed so that no test depends on the machine's locale.
    systemLanguages: () => ['en-US'],
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
  // Every console page the test reaches, until axe has looked at it once: the gate cannot be forgotten.
  const unchecked = new Set<string>();
  const checked = new Set<string>();
  let shown = '';
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const now = consolePageOf(frame.url());
    // The router re-saves the current entry (its scroll position) before leaving it: not a new page.
    // '/' only redirects to the account search.
    if (now !== shown && now !== '/' && !checked.has(now)) unchecked.add(now);
    shown = now;
  });
  async function checkScreen(name: string) {
    // Checked, whatever axe finds: a failure is reported by the check itself.
    unchecked.delete(consolePageOf(page.url()));
    checked.add(consolePageOf(page.url()));
    await expectAccessible(page, name);
  }
  return {
    core,
    browser,
    context,
    page,
    rendererUrl: CONSOLE_PAGE_URL,
    dataDir,
    pushDeskEvent: (event) => pushToPage(page, DESK_EVENT_CHANNEL, event),
    checkScreen,
    async screenshot(name) {
      await checkScreen(name);
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
      if (unchecked.size > 0) throw new Error(`console pages visited without an accessibility check: ${[...unchecked].join(', ')}`);
    },
  };
}

/** The console page a URL shows, its ids generalised: `#/accounts/3f2a…` and `#/accounts/9c1e…` are one page. */
export function consolePageOf(url: string): string {
  const route = new URL(url).hash.replace(/^#/, '').split('?')[0] || '/';
  return route
    .split('/')
    .map((part) => (/\d/.test(part) && part.length >= 8 ? ':id' : part))
    .join('/');
}

/**
 * Signs an agent in through the console's own sign-in form, with a fresh code from their authenticator,
 * and puts the page they land on through the accessibility gate.
 */
export async function signInThroughForm(
  harness: ConsoleHarness,
  backend: TestBackend,
  who: { email: string; password: string; totpSecret: string },
) {
  const { page } = harness;
  await page.getByTestId('signin-form').waitFor({ timeout: 60_000 });
  backend.clock.nextStep();
  await page.getByTestId('signin-email').fill(who.email);
  await page.getByTestId('signin-password').fill(who.password);
  await page.getByTestId('signin-code').fill(backend.codeFor(who.totpSecret));
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signed-in-agent').filter({ hasText: who.email }).waitFor();
  await harness.checkScreen(`signed in as ${who.email}`);
}
