/** Opens the console in a system Chromium: the main-process core, its embedded backend, and the page. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { setupConsole, type ConsoleCore } from '../setupConsole.js';
import { DESK_EVENT_CHANNEL } from '../../src-shared/deskEvents.js';
import { openConsolePage, pushToPage } from './consolePage.js';

export interface ChromiumShellOptions {
  executablePath: string;
  headless: boolean;
  /** The console's data folder (settings, the embedded backend's data, the browser profile). */
  dataDir: string;
  /** Where exports are saved: there is no save dialog outside Electron. */
  downloadsDir: string;
  /** The build output (out/): main/server.js, preload/index.cjs, renderer/. */
  outDir: string;
  log?: (message: string, error?: unknown) => void;
}

export interface ChromiumShell {
  core: ConsoleCore;
  context: BrowserContext;
  page: Page;
  /** Settles when the window was closed (by the agent, or by close()). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** A free name in `dir` for `suggestedName`: "report.csv", then "report (1).csv", … */
export function freeFileName(dir: string, suggestedName: string): string {
  const { name, ext } = path.parse(path.basename(suggestedName));
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, n === 0 ? `${name}${ext}` : `${name} (${n})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

const ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--window-size=1280,820',
  // An app window (no tabs, no address bar) that opens blank; the console is loaded into it once bridged.
  '--app=data:text/html,<title>MFA Desk</title>',
];

export async function openChromiumShell(options: ChromiumShellOptions): Promise<ChromiumShell> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const core = setupConsole({
    dataDir: options.dataDir,
    embedded: { serverEntry: path.join(options.outDir, 'main', 'server.js'), nodeBinary: process.execPath },
    chooseSavePath: (suggestedName) => Promise.resolve(freeFileName(options.downloadsDir, suggestedName)),
    log,
  });
  // Connecting happens at start; the page's status calls only read (and wait for) it.
  void core.connection.connect();
  // Chromium refuses its sandbox to root; everyone else keeps it (--test-type drops the warning bar about it).
  const asRoot = process.getuid?.() === 0;
  const context = await chromium.launchPersistentContext(path.join(options.dataDir, 'chromium-profile'), {
    executablePath: options.executablePath,
    headless: options.headless,
    args: asRoot ? [...ARGS, '--test-type'] : ARGS,
    chromiumSandbox: !asRoot,
    // Not an automated browser to the agent: no "controlled by automated software" bar.
    ignoreDefaultArgs: ['--enable-automation'],
    viewport: options.headless ? { width: 1280, height: 820 } : null,
  });
  const page = await openConsolePage(
    context,
    {
      rendererDir: path.join(options.outDir, 'renderer'),
      preloadFile: path.join(options.outDir, 'preload', 'index.cjs'),
      invoke: core.invoke,
    },
    context.pages()[0],
  );
  // Main's live work reaches the page as Electron's webContents.send would; one sent while the page reloads is lost, and the page asks on load.
  const stopEvents = core.onDeskEvent((event) => void pushToPage(page, DESK_EVENT_CHANNEL, event).catch(() => {}));
  let stopping: Promise<void> | null = null;
  const close = () =>
    (stopping ??= (async () => {
      stopEvents();
      await context.close().catch(() => {});
      await core.stop();
    })());
  const closed = new Promise<void>((resolve) => {
    page.on('close', () => void close().then(resolve));
    context.on('close', () => void close().then(resolve));
  });
  return { core, context, page, closed, close };
}
