import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
  type Rect,
} from '../../../../src-main/desktop/windowState.js';

const MINIMUM = { width: 900, height: 600 };
const LAPTOP: Rect = { x: 0, y: 0, width: 1440, height: 875 };
// A second monitor to the right of the laptop, its work area below a 25 px menu bar.
const MONITOR: Rect = { x: 1440, y: 25, width: 2560, height: 1415 };

const saved = (x: number, y: number, width = 1280, height = 820, maximized = false) => ({ bounds: { x, y, width, height }, maximized });

describe('restoring the window where the agent left it', () => {
  it('restores size, position and maximised on a display that is there', () => {
    expect(restoreWindowState(saved(100, 40), [LAPTOP], MINIMUM)).toEqual(saved(100, 40));
    expect(restoreWindowState(saved(1600, 100, 1600, 1000, true), [LAPTOP, MONITOR], MINIMUM)).toEqual(saved(1600, 100, 1600, 1000, true));
  });

  it('opens at the default place when the display it was on is gone (the laptop left its dock)', () => {
    expect(restoreWindowState(saved(1600, 100), [LAPTOP], MINIMUM)).toBeNull();
  });

  it('refuses a position whose title strip cannot be reached to drag it back', () => {
    // Only 50 px of the window's width on screen: too little to grab.
    expect(restoreWindowState(saved(1390, 100), [LAPTOP], MINIMUM)).toBeNull();
    // The title bar above the top of the display (the rest of the window below it would be visible).
    expect(restoreWindowState(saved(100, -20), [LAPTOP], MINIMUM)).toBeNull();
    // Under the monitor's menu bar.
    expect(restoreWindowState(saved(1600, 10), [LAPTOP, MONITOR], MINIMUM)).toBeNull();
    // Below the bottom of every display.
    expect(restoreWindowState(saved(100, 880), [LAPTOP], MINIMUM)).toBeNull();
  });

  it('keeps a window that hangs partly off the edge when its title strip is reachable', () => {
    expect(restoreWindowState(saved(1200, 100), [LAPTOP], MINIMUM)?.bounds.x).toBe(1200);
  });

  it('shrinks a window larger than its display to fit, but never below the minimum size', () => {
    expect(restoreWindowState(saved(0, 0, 3000, 2000), [LAPTOP], MINIMUM)?.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    expect(restoreWindowState(saved(0, 0, 300, 200), [LAPTOP], MINIMUM)?.bounds).toEqual({ x: 0, y: 0, width: 900, height: 600 });
  });

  it('opens at the default place with nothing saved or no displays', () => {
    expect(restoreWindowState(null, [LAPTOP], MINIMUM)).toBeNull();
    expect(restoreWindowState(saved(100, 40), [], MINIMUM)).toBeNull();
  });
});

describe('the saved window state', () => {
  it.each([
    ['not an object', 'x'],
    ['no bounds', { maximized: false }],
    ['maximized not a boolean', { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' }],
    ['a missing coordinate', { bounds: { x: 0, width: 800, height: 600 }, maximized: false }],
    ['a fraction', { bounds: { x: 0.5, y: 0, width: 800, height: 600 }, maximized: false }],
    ['a string number', { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false }],
    ['an absurd size', { bounds: { x: 0, y: 0, width: 1e9, height: 600 }, maximized: false }],
    ['a zero width', { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false }],
    ['a negative height', { bounds: { x: 0, y: 0, width: 800, height: -600 }, maximized: false }],
  ])('is ignored when it has %s', (_what, raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });

  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('is written readable by the agent’s account only, and read back', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-window-'));
    saveWindowState(dir, saved(10, 20, 1000, 700, true));
    const file = path.join(dir, WINDOW_STATE_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(saved(10, 20, 1000, 700, true));
    expect(loadWindowState(dir)).toEqual(saved(10, 20, 1000, 700, true));
  });

  it('counts as none when the file is missing or damaged', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-window-'));
    expect(loadWindowState(dir)).toBeNull();
    writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"bounds": {"x": 1');
    expect(loadWindowState(dir)).toBeNull();
  });
});
