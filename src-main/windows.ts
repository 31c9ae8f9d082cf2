/** The console window, locked down as DESIGN.md §4 asks. */
import { BrowserWindow, shell, type WebContents } from 'electron';
import path from 'node:path';

/** `pageUrl` is consolePageUrl(…): the built file, or electron-vite's dev server (hot reload) under `npm run dev`. */
export function createMainWindow(outDir: string, pageUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(pageUrl);
  return win;
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
