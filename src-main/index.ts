/**
 * Electron main: app lifecycle and the desktop around the console — one instance, mfa-desk:// links,
 * the application menu, automatic updates. Everything else is set up from setupConsole with its
 * dependencies; the decisions here are pure functions in ./desktop, tested under Node.
 */
import { app, dialog, ipcMain, Menu, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeskCommand } from '../src-shared/deskEvents.js';
import { buildMenuTemplate } from './desktop/appMenu.js';
import { desktopNotifier } from './desktop/desktopNotifier.js';
import { keychainSealer } from './desktop/keychainSealer.js';
import { startAutoUpdate, type AutoUpdate } from './desktop/autoUpdate.js';
import { DESK_PROTOCOL, deskLinkInArgv, parseDeskLink, type DeskLink } from './desktop/deskLink.js';
import { PageEvents } from './desktop/pageEvents.js';
import { runtimeUpdateFeed } from './desktop/updateFeed.js';
import { utilityProcessLauncher } from './desktop/utilityLauncher.js';
import { registerIpc } from './ipc/registerIpc.js';
import { consolePageUrl } from './ipc/trustedSender.js';
import { setupConsole } from './setupConsole.js';
import { MAIN_TEXTS } from './services/mainTexts.js';
import type { ConsoleLanguage } from '../src-shared/consoleApi.js';
import { createMainWindow, focusWindow } from './windows.js';

const APP_NAME = 'MFA Desk';
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The one page the window shows and the only one trusted on IPC; `npm run dev` sets the dev server's URL.
const pageUrl = consolePageUrl(outDir, process.env['ELECTRON_RENDERER_URL']);
const log = (message: string, error?: unknown) => console.error(message, error ?? '');

const pageEvents = new PageEvents();
let win: BrowserWindow | null = null;
let updates: AutoUpdate | null = null;
let updateReady: string | null = null;
/** The agent's language for the menu and the About box; the console core answers it once started. */
let language: () => ConsoleLanguage = () => 'en';

function openAccount(link: DeskLink | null) {
  if (!link) return;
  if (win) focusWindow(win);
  pageEvents.send({ kind: 'openAccount', accountId: link.accountId });
}

function runCommand(command: DeskCommand) {
  if (win) focusWindow(win);
  else openWindow();
  pageEvents.send({ kind: 'command', command });
}

function openWindow(): BrowserWindow {
  const opened = createMainWindow(outDir, pageUrl, app.getPath('userData'));
  pageEvents.attach(opened.webContents);
  opened.on('closed', () => {
    if (win === opened) win = null;
  });
  win = opened;
  return opened;
}

function showAbout() {
  const words = MAIN_TEXTS[language()].menu;
  const options: MessageBoxOptions = {
    type: 'info',
    title: words.about(APP_NAME),
    message: `${APP_NAME} ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node.js ${process.versions.node}`,
    buttons: [words.ok],
  };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

function setMenu() {
  const template = buildMenuTemplate(
    { platform: process.platform, appName: APP_NAME, developer: !app.isPackaged, updateReady, language: language() },
    { command: runCommand, about: showAbout, installUpdate: () => updates?.installNow() },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The installers register mfa-desk:// too; this covers a development run, which no installer set up. */
function registerProtocol() {
  if (process.defaultApp && process.argv[1])
    app.setAsDefaultProtocolClient(DESK_PROTOCOL, process.execPath, [path.resolve(process.argv[1])]);
  else if (!process.defaultApp) app.setAsDefaultProtocolClient(DESK_PROTOCOL);
}

function onReady() {
  const core = setupConsole({
    dataDir: app.getPath('userData'),
    sealer: keychainSealer(),
    embedded: {
      serverEntry: path.join(outDir, 'main', 'server.js'),
      // Installed, the native modules were built for Electron and there may be no Node.js on the machine;
      // a development run built them for the Node that ran npm, and runs the backend there.
      ...(app.isPackaged ? { launcher: utilityProcessLauncher() } : {}),
    },
    chooseSavePath: async (suggestedName) => {
      const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    revealFile: (file) => shell.showItemInFolder(file),
    notify: desktopNotifier(() => (win ? focusWindow(win) : openWindow())),
    systemLanguages: () => app.getPreferredSystemLanguages(),
    // The menu is Electron's own: rebuilt in the language just chosen.
    onLanguageChange: () => setMenu(),
    log,
  });
  language = () => core.language();
  core.onDeskEvent((event) => pageEvents.send(event));
  // Connecting happens here, at start; the page's status calls only read (and wait for) it.
  void core.connection.connect();
  openWindow();
  registerIpc(ipcMain, core.invoke, () => win, pageUrl);
  setMenu();
  registerProtocol();
  // Windows and Linux pass the link that launched the app on its command line.
  openAccount(deskLinkInArgv(process.argv));
  const installerFeed = app.isPackaged && existsSync(path.join(process.resourcesPath, 'app-update.yml'));
  void startAutoUpdate(runtimeUpdateFeed(process.env, installerFeed), {
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    onReady: (version) => {
      updateReady = version;
      setMenu();
      pageEvents.send({ kind: 'updateReady', version });
    },
    log,
  }).then((started) => (updates = started));
  app.on('activate', () => {
    if (!win) openWindow();
  });
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    updates?.stop();
    void core.stop().finally(() => app.quit());
  });
}

// One console per agent: a second launch (a click on an mfa-desk:// link, or the icon again) hands its
// link to the running one, which comes to the front, and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (win) focusWindow(win);
    openAccount(deskLinkInArgv(argv));
  });
  // macOS delivers links as an event, the one that launched the app included (before 'ready').
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openAccount(parseDeskLink(url));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(onReady);
}
