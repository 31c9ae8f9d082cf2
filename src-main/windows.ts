/** The console window, locked down as DESIGN.md §4 asks, opening where the agent left it. */
import { BrowserWindow, screen, shell, type WebContents } from 'electron';
import path from 'node:path';
import { loadWindowState, restoreWindowState, saveWindowState } from './desktop/windowState.js';

const DEFAULT_SIZE = { width: 1280, height: 820 };
const MINIMUM_SIZE = { width: 900, height: 600 };

/**
 * `pageUrl` is consolePageUrl(…): the built file, or electron-vite's dev server (hot reload) under `npm run dev`.
 * `dataDir`: where the window's size and position are kept (the console's data folder).
 */
export function createMainWindow(outDir: string, pageUrl: string, dataDir: string): BrowserWindow {
  const placement = restoreWindowState(
    loadWindowState(dataDir),
    screen.getAllDisplays().map((display) => display.workArea),
    MINIMUM_SIZE,
  );
  const win = new BrowserWindow({
    // Without a saved place on a display that is there now, Electron centres the default size.
    ...(placement ? placement.bounds : DEFAULT_SIZE),
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    title: 'MFA Desk',
    show: false,
    webPreferences: {
      preload: path.join(outDir, 'preload', 'index.cjs'),
      // The page is untrusted: no Node, its own JS world, and the OS sandbox.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  guardNavigation(win.webContents);
  win.once('ready-to-show', () => {
    if (placement?.maximized) win.maximize();
    win.show();
  });
  // The size it had before being maximised is what is kept, so un-maximising next time goes back to it.
  win.on('close', () => {
    try {
      saveWindowState(dataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      // Only the next window's place is lost; closing must not fail for it.
      console.error('The window position could not be saved', error);
    }
  });
  void win.loadURL(pageUrl);
  return win;
}

/** Brings the window to the front, as a second launch of the app asks. */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function guardNavigation(contents: WebContents) {
  // The app is one page: any navigation is a bug or an attack, so it is refused.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // No new windows; http(s) links open in the system browser, anything else is dropped.
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // No webviews may be attached.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
