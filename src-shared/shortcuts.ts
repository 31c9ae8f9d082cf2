/**
 * The console's keyboard shortcuts, defined once: the application menu shows them as accelerators
 * (src-main/desktop/appMenu.ts), the page answers the same keys itself where there is no menu (the
 * Chromium shell), and Help → Keyboard shortcuts lists them.
 */
import type { DeskCommand } from './deskEvents.js';

export interface DeskShortcut {
  command: DeskCommand;
  /** What it does, as the menu and the shortcuts list say it. */
  label: string;
  /** The key pressed with Ctrl (⌘ on macOS). */
  key: string;
}

export const DESK_SHORTCUTS: readonly DeskShortcut[] = [
  { command: 'findAccount', label: 'Find an account', key: 'K' },
  { command: 'openSettings', label: 'Settings', key: ',' },
  { command: 'showShortcuts', label: 'Keyboard shortcuts', key: '/' },
];

export function shortcutFor(command: DeskCommand): DeskShortcut {
  const shortcut = DESK_SHORTCUTS.find((s) => s.command === command);
  if (!shortcut) throw new Error(`No shortcut for ${command}.`);
  return shortcut;
}

/** Electron's accelerator for the menu: Cmd on macOS, Ctrl elsewhere. */
export const acceleratorOf = (shortcut: DeskShortcut) => `CmdOrCtrl+${shortcut.key}`;

/** How the key combination is written for the person reading it: "⌘K" on macOS, "Ctrl+K" elsewhere. */
export const keysOf = (shortcut: DeskShortcut, mac: boolean) => (mac ? `⌘${shortcut.key}` : `Ctrl+${shortcut.key}`);

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The command a key press asks for, or null. Ctrl or ⌘ with the key, without Alt (AltGr on many
 * keyboards, which types characters). Shift is allowed for the punctuation keys, which need it on some
 * layouts, and refused for letters, where Ctrl+Shift+K means something else.
 */
export function commandForKey(press: KeyPress): DeskCommand | null {
  if (!(press.ctrlKey || press.metaKey) || press.altKey) return null;
  const shortcut = DESK_SHORTCUTS.find((s) => s.key.toLowerCase() === press.key.toLowerCase());
  if (!shortcut) return null;
  if (press.shiftKey && /^[a-z]$/i.test(shortcut.key)) return null;
  return shortcut.command;
}
