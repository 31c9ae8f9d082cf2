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

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  /** A development run (not installed): reload and the developer tools are offered. */
  developer: boolean;
  /** The version of a downloaded update waiting to be installed, or null. */
  updateReady: string | null;
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
  const about: MenuItemConstructorOptions = { label: `About ${context.appName}`, click: () => actions.about() };
  const settings = commandItem('openSettings', 'Settings…', actions);
  const update: MenuItemConstructorOptions[] = context.updateReady
    ? [separator, { label: `Restart to Install Version ${context.updateReady}`, click: () => actions.installUpdate() }]
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
    context.platform === 'win32' ? { role: 'quit', label: 'Exit' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' };
  const fileMenu: MenuItemConstructorOptions = { label: '&File', submenu: [settings, separator, quit] };
  const editMenu: MenuItemConstructorOptions = {
    label: mac ? 'Edit' : '&Edit',
    // Copy and paste in the page's fields go through these roles (on macOS, only through them).
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const goMenu: MenuItemConstructorOptions = {
    label: mac ? 'Go' : '&Go',
    submenu: [commandItem('findAccount', 'Find an Account…', actions)],
  };
  const developerItems: MenuItemConstructorOptions[] = [{ role: 'reload' }, { role: 'toggleDevTools' }, separator];
  const viewMenu: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
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
    label: mac ? 'Window' : '&Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: mac ? 'Help' : '&Help',
    submenu: [commandItem('showShortcuts', 'Keyboard Shortcuts', actions), ...update, ...(mac ? [] : [separator, about])],
  };
  return mac ? [appMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu] : [fileMenu, editMenu, goMenu, viewMenu, windowMenu, helpMenu];
}
