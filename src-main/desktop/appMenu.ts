/**
 * The application menu, as a plain template (Electron's Menu.buildFromTemplate turns it into the menu):
 * the platform's usual menus, the console's shortcuts from src-shared/shortcuts.ts, About with the
 * version, and — once one is downloaded — the way to install an update. Items that act on the page send
 * it a command (deskEvents.ts); the rest are Electron's standard roles. No Electron at run time here,
 * so the whole menu is tested under Node.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { DeskCommand } from '../../src-shared/deskEvents.js';
import { acceleratorOf, shortcutFor } from '../../src-shared/shortcuts.js';
import type { ConsoleLanguage } from '../../src-shared/consoleApi.js';
import { MAIN_TEXTS } from '../services/mainTexts.js';

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  /** A development run (not installed): reload and the developer tools are offered. */
  developer: boolean;
  /** The version of a downloaded update waiting to be installed, or null. */
  updateReady: string | null;
  /** The agent's language (English when not given). */
  language?: ConsoleLanguage;
}

export interface MenuActions {
  /** Sends a command to the page. */
  command(command: DeskCommand): void;
  /** Shows the name and version. */
  about(): void;
  /** Quits and installs the downloaded update. */
  installUpdate(): void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

function commandItem(command: DeskCommand, label: string, actions: MenuActions): MenuItemConstructorOptions {
  return { label, accelerator: acceleratorOf(shortcutFor(command)), click: () => actions.command(command) };
}

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const words = MAIN_TEXTS[context.language ?? 'en'].menu;
  // macOS menus have no access keys.
  const menuLabel = (label: string) => (mac ? label.replace('&', '') : label);
  const about: MenuItemConstructorOptions = { label: words.about(context.appName), click: () => actions.about() };
  const settings = commandItem('openSettings', words.settings, actions);
  const update: MenuItemConstructorOptions[] = context.updateReady
    ? [separator, { label: words.restartToInstall(context.updateReady), click: () => actions.installUpdate() }]
    : [];

  const appMenu: MenuItemConstructorOptions = {
    label: context.appName,
    submenu: [
      about,
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  // Windows says Exit (and closes with Alt+F4); Linux desktops say Quit, with Ctrl+Q.
  const quit: MenuItemConstructorOptions =
    context.platform === 'win32' ? { role: 'quit', label: words.exit } : { role: 'quit', label: words.quit, accelerator: 'Ctrl+Q' };
  const fileMenu: MenuItemConstructorOptions = { label: words.file, submenu: [settings, separator, quit] };
  const editMenu: MenuItemConstructorOptions = {
    label: menuLabel(words.edit),
    // Copy and paste in the page's fields go through these roles (on macOS, only through them).
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const goMenu: MenuItemConstructorOptions = {
    label: menuLabel(words.go),
    submenu: [commandItem('findAccount', words.findAccount, actions)],
  };
  const developerItems: MenuItemConstructorOptions[] = [{ role: 'reload' }, { role: 'toggleDevTools' }, separator];
  const viewMenu: MenuItemConstructorOptions = {
    label: menuLabel(words.view),
    submenu: [
      ...(context.developer ? developerItems : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: menuLabel(words.window),
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: menuLabel(words.help),
    submenu: [commandItem('showShortcuts', words.shortcuts, actions), ...update, ...(mac ? [] : [separator, about])],
  };
  return mac ? [appMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu] : [fileMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu];
}
