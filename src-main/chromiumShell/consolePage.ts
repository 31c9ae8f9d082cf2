/**
 * The console page in a Chromium driven over its debugging pipe (DESIGN.md §5): the shell that
 * `npm start` opens where Electron's binary is missing, and the end-to-end tests' browser.
 *
 * The built renderer is answered from disk by request interception, so nothing listens on a port for
 * it; the built preload runs in the page with `require('electron')` answered by a shim whose
 * ipcRenderer.invoke goes through Playwright's exposeBinding (the pipe) to the same guarded handler
 * table that Electron registers. Only Electron's own IPC transport is left out.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { IPC_CHANNEL } from '../../src-shared/ipc.js';
import { guardSender, type Invoker } from '../ipc/invoker.js';

/** Where the page appears to live: a name that never resolves, answered only by interception. */
export const CONSOLE_ORIGIN = 'https://console.mfa-desk.invalid';
export const CONSOLE_PAGE_URL = `${CONSOLE_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The built file a console URL names, or null for anything outside the renderer folder. */
export function rendererFile(rendererDir: string, url: string): string | null {
  const { origin, pathname } = new URL(url);
  if (origin !== CONSOLE_ORIGIN) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  const file = path.resolve(rendererDir, `.${relative}`);
  return file.startsWith(path.resolve(rendererDir) + path.sep) ? file : null;
}

/** Only our page's top frame may call in: the exact page URL (the router's #fragment aside). */
export const isConsolePage = (url: string) => url.split('#')[0] === CONSOLE_PAGE_URL;

export interface ConsolePageOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built sandboxed preload (out/preload/index.cjs). */
  preloadFile: string;
  invoke: Invoker;
}

/** Wires a browser context to serve the console and bridge its `window.api`, then opens the page. */
export async function openConsolePage(context: BrowserContext, options: ConsolePageOptions, page?: Page): Promise<Page> {
  await context.route(`${CONSOLE_ORIGIN}/**`, async (route) => {
    const file = rendererFile(options.rendererDir, route.request().url());
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, body, headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' } });
  });
  // Anything else the page might ask for is refused: the console talks to nothing but main.
  await context.route(/^(?!https:\/\/console\.mfa-desk\.invalid\/)/, (route) => route.abort('blockedbyclient'));

  let consolePage: Page | null = page ?? null;
  const guarded = guardSender(
    options.invoke,
    (frame: Frame) => consolePage !== null && frame === consolePage.mainFrame() && isConsolePage(frame.url()),
  );
  await context.exposeBinding('__deskIpcInvoke', (source, channel: unknown, op: unknown, input: unknown) =>
    channel === IPC_CHANNEL
      ? guarded(source.frame, op, input)
      : { ok: false, error: { code: 'unknown_channel', message: 'Unknown channel.' } },
  );
  const preload = readFileSync(options.preloadFile, 'utf8');
  await context.addInitScript(`(() => {
    const listeners = new Map();
    const electron = {
      contextBridge: { exposeInMainWorld: (key, value) => Object.defineProperty(window, key, { value: Object.freeze(value) }) },
      ipcRenderer: {
        invoke: (channel, ...args) => window.__deskIpcInvoke(channel, ...args),
        on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
        removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
      },
    };
    // What Electron's webContents.send does: main's push to the page (see pushToPage).
    Object.defineProperty(window, '__deskFromMain', {
      value: (channel, message) => { for (const listener of listeners.get(channel) ?? []) listener({}, message); },
    });
    const require = (name) => { if (name === 'electron') return electron; throw new Error('a sandboxed preload cannot require ' + name); };
    const module = { exports: {} };
    (function (require, module, exports) { ${preload}\n })(require, module, module.exports);
  })();`);
  consolePage ??= await context.newPage();
  await consolePage.goto(CONSOLE_PAGE_URL);
  return consolePage;
}

/** Main → page, as Electron's webContents.send: the preload checks the message before the page sees it. */
export async function pushToPage(page: Page, channel: string, message: unknown): Promise<void> {
  // Written as the page's own script (the init script's `__deskFromMain`): JSON is JavaScript, so both values arrive as sent.
  await page.evaluate(`window.__deskFromMain(${JSON.stringify(channel)}, ${JSON.stringify(message)})`);
}
