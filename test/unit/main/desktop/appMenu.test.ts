import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuContext } from '../../../../src-main/desktop/appMenu.js';
import type { DeskCommand } from '../../../../src-shared/deskEvents.js';

function menuFor(context: Partial<MenuContext> = {}) {
  const calls: string[] = [];
  const template = buildMenuTemplate(
    { platform: 'linux', appName: 'MFA Desk', developer: false, updateReady: null, ...context },
    {
      command: (command: DeskCommand) => calls.push(`command:${command}`),
      about: () => calls.push('about'),
      installUpdate: () => calls.push('installUpdate'),
    },
  );
  return { template, calls };
}

const submenuOf = (item: MenuItemConstructorOptions | undefined) => (Array.isArray(item?.submenu) ? item.submenu : []);
const topLabels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label);

/** Every item with a label, as "Menu > Item". */
function items(template: MenuItemConstructorOptions[]) {
  const found = new Map<string, MenuItemConstructorOptions>();
  for (const menu of template)
    for (const item of submenuOf(menu)) if (item.label) found.set(`${(menu.label ?? '').replace('&', '')} > ${item.label}`, item);
  return found;
}

function click(item: MenuItemConstructorOptions | undefined) {
  expect(item?.click).toBeTypeOf('function');
  // Electron passes the item, window and event; our items use none of them.
  (item?.click as () => void)();
}

describe('the application menu', () => {
  it('has the usual menus on Windows and Linux, and the app menu first on macOS', () => {
    expect(topLabels(menuFor({ platform: 'linux' }).template)).toEqual(['&File', '&Edit', '&Go', '&View', '&Window', '&Help']);
    expect(topLabels(menuFor({ platform: 'win32' }).template)).toEqual(['&File', '&Edit', '&Go', '&View', '&Window', '&Help']);
    expect(topLabels(menuFor({ platform: 'darwin' }).template)).toEqual(['MFA Desk', 'Edit', 'Go', 'View', 'Window', 'Help']);
  });

  it.each(['linux', 'win32', 'darwin'] as const)(
    'offers the console’s shortcuts on %s, each sending its command to the page',
    (platform) => {
      const { template, calls } = menuFor({ platform });
      const all = items(template);
      const settingsMenu = platform === 'darwin' ? 'MFA Desk' : 'File';
      const expected = [
        [`Go > Find an Account…`, 'CmdOrCtrl+K', 'command:findAccount'],
        [`${settingsMenu} > Settings…`, 'CmdOrCtrl+,', 'command:openSettings'],
        [`Help > Keyboard Shortcuts`, 'CmdOrCtrl+/', 'command:showShortcuts'],
      ] as const;
      for (const [where, accelerator, call] of expected) {
        const item = all.get(where);
        expect(item?.accelerator, where).toBe(accelerator);
        click(item);
        expect(calls.at(-1)).toBe(call);
      }
    },
  );

  it('shows About with the version where each platform puts it', () => {
    for (const [platform, where] of [
      ['linux', 'Help > About MFA Desk'],
      ['win32', 'Help > About MFA Desk'],
      ['darwin', 'MFA Desk > About MFA Desk'],
    ] as const) {
      const { template, calls } = menuFor({ platform });
      click(items(template).get(where));
      expect(calls).toEqual(['about']);
    }
  });

  it('quits the way each platform does: Quit with Ctrl+Q on Linux, Exit on Windows, the app menu’s Quit on macOS', () => {
    const quitOf = (platform: NodeJS.Platform) =>
      menuFor({ platform })
        .template.flatMap(submenuOf)
        .find((item) => item.role === 'quit');
    expect(quitOf('linux')).toMatchObject({ label: 'Quit', accelerator: 'Ctrl+Q' });
    expect(quitOf('win32')).toMatchObject({ label: 'Exit' });
    expect(quitOf('win32')?.accelerator).toBeUndefined();
    // macOS: Electron's own Quit MFA Desk, ⌘Q, in the app menu.
    expect(submenuOf(menuFor({ platform: 'darwin' }).template[0])).toContainEqual({ role: 'quit' });
  });

  it('has the edit roles, without which copy and paste do not work in the page on macOS', () => {
    const edit = submenuOf(menuFor({ platform: 'darwin' }).template[1]).map((item) => item.role);
    expect(edit).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers reload and the developer tools only in a development run', () => {
    const roles = (developer: boolean) => submenuOf(menuFor({ developer }).template[3]).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('offers to restart and install once an update is downloaded, and not before', () => {
    expect([...items(menuFor().template).keys()].some((label) => label.includes('Restart'))).toBe(false);
    const { template, calls } = menuFor({ updateReady: '0.2.0' });
    click(items(template).get('Help > Restart to Install Version 0.2.0'));
    expect(calls).toEqual(['installUpdate']);
  });

  it('is in the agent’s language: German menus, with their access keys on Windows and Linux and none on macOS', () => {
    expect(topLabels(menuFor({ platform: 'linux', language: 'de' }).template)).toEqual([
      '&Datei',
      '&Bearbeiten',
      '&Gehe zu',
      '&Ansicht',
      '&Fenster',
      '&Hilfe',
    ]);
    expect(topLabels(menuFor({ platform: 'darwin', language: 'de' }).template)).toEqual([
      'MFA Desk',
      'Bearbeiten',
      'Gehe zu',
      'Ansicht',
      'Fenster',
      'Hilfe',
    ]);
    const { template, calls } = menuFor({ platform: 'win32', language: 'de', updateReady: '0.2.0' });
    const all = items(template);
    click(all.get('Gehe zu > Konto suchen…'));
    click(all.get('Datei > Einstellungen…'));
    click(all.get('Hilfe > Tastenkürzel'));
    click(all.get('Hilfe > Über MFA Desk'));
    click(all.get('Hilfe > Neu starten und Version 0.2.0 installieren'));
    expect(calls).toEqual(['command:findAccount', 'command:openSettings', 'command:showShortcuts', 'about', 'installUpdate']);
    expect(template.flatMap(submenuOf).find((item) => item.role === 'quit')).toMatchObject({ label: 'Beenden' });
  });
});
