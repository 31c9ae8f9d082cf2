/** Electron main: app lifecycle only. Everything else is set up from setupConsole with its dependencies. */
import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc } from './ipc/registerIpc.js';
import { consolePageUrl } from './ipc/trustedSender.js';
import { setupConsole } from './setupConsole.js';
import { createMainWindow } from './windows.js';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The one page the window shows and the only one trusted on IPC; `npm run dev` sets the dev server's URL.
const pageUrl = consolePageUrl(outDir, process.env['ELECTRON_RENDERER_URL']);

function onReady() {
  let win: BrowserWindow | null = null;
  const core = setupConsole({
    dataDir: app.getPath('userData'),
    embedded: { serverEntry: path.join(outDir, 'main', 'server.js') },
    chooseSavePath: async (suggestedName) => {
      const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    log: (message, error) => console.error(message, error ?? ''),
  });
  win = createMainWindow(outDir, pageUrl);
  win.on('closed', () => {
    win = null;
  });
  registerIpc(ipcMain, core.invoke, () => win, pageUrl);
  app.on('activate', () => {
    if (!win) win = createMainWindow(outDir, pageUrl);
  });
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void core.stop().finally(() => app.quit());
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
void app.whenReady().then(onReady);
