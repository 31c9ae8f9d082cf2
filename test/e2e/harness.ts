/**
 * Runs the console without Electron's binary (DESIGN.md §5): the built renderer is served to Debian's
 * Chromium, and the built preload runs in the page with `require('electron')` answered by a shim whose
 * ipcRenderer.invoke goes through Playwright's exposeBinding to the same guarded handler table that
 * Electron registers — which talks to a real backend. Only Electron's own IPC transport is left out.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { IPC_CHANNEL } from '../../src-shared/ipc.js';
import { guardSender } from '../../src-main/ipc/invoker.js';
import { setupConsole, type ConsoleCore } from '../../src-main/setupConsole.js';
import { serveDirectory } from '../support/staticServer.js';
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
  close(): Promise<void>;
}

/** Starts a console (main-process core + page) on its embedded default, or on a remote backend URL. */
export async function startConsole(options: { remoteUrl?: string } = {}): Promise<ConsoleHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-console-'));
  const core = setupConsole({
    dataDir,
    embedded: { serverEntry: path.join(OUT, 'main', 'server.js'), nodeBinary: process.execPath },
    // Electron would show a save dialog; the harness saves into the console's temporary folder.
    chooseSavePath: async (suggestedName) => path.join(dataDir, suggestedName),
    log: (message, error) => console.error(message, error ?? ''),
  });
  if (options.remoteUrl) await core.connection.setBackend({ mode: 'remote', url: options.remoteUrl });
  const site = await serveDirectory(path.join(OUT, 'renderer'));
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  let page: Page | null = null;
  // The same rule Electron's handler applies: only our page's top frame may call.
  const guarded = guardSender(
    core.invoke,
    (frame) => page !== null && frame === page.mainFrame() && (frame as Frame).url().startsWith(site.url),
  );
  await context.exposeBinding('__deskIpcInvoke', (source, channel: unknown, op: unknown, input: unknown) =>
    channel === IPC_CHANNEL
      ? guarded(source.frame, op, input)
      : { ok: false, error: { code: 'unknown_channel', message: 'unknown channel' } },
  );
  const preload = readFileSync(path.join(OUT, 'preload', 'index.cjs'), 'utf8');
  await context.addInitScript(`(() => {
    const electron = {
      contextBridge: { exposeInMainWorld: (key, value) => Object.defineProperty(window, key, { value: Object.freeze(value) }) },
      ipcRenderer: { invoke: (channel, ...args) => window.__deskIpcInvoke(channel, ...args) },
    };
    const require = (name) => { if (name === 'electron') return electron; throw new Error('a sandboxed preload cannot require ' + name); };
    const module = { exports: {} };
    (function (require, module, exports) { ${preload}\n })(require, module, module.exports);
  })();`);
  page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(site.url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    core,
    browser,
    context,
    page,
    rendererUrl: site.url,
    dataDir,
    async screenshot(name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page!.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await site.close();
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
