/**
 * The console window opens where the agent left it: size, position and whether it was maximised, kept
 * in window-state.json in the console's data folder. A position is only restored while it is on a
 * display that is there now — a laptop undocked from its second monitor must not open off-screen.
 * Plain Node (no Electron), so the rules are tested as they are.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../../src-shared/narrowing.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowSize {
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
/** Enough of the window's top edge to grab with the mouse and drag back. */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 32;
// No screen is this big; a larger number is a damaged file.
const MAX_COORDINATE = 100_000;

const isCoordinate = (value: unknown): value is number => Number.isInteger(value) && Math.abs(Number(value)) <= MAX_COORDINATE;

/** The saved state, or null for anything that is not exactly one (a missing, damaged or hand-edited file). */
export function parseWindowState(raw: unknown): WindowState | null {
  if (!isRecord(raw)) return null;
  const { bounds, maximized } = raw;
  if (typeof maximized !== 'boolean' || !isRecord(bounds)) return null;
  const { x, y, width, height } = bounds;
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(width) || !isCoordinate(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open the window, given the saved state and the work areas of the displays there are now:
 * the saved bounds when the window's title strip would be on one of them (size kept within that display
 * and at least the minimum), else null — the caller then opens it at its default size, centred.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[], minimum: WindowSize): WindowState | null {
  if (!saved) return null;
  const strip = { x: saved.bounds.x, y: saved.bounds.y, width: saved.bounds.width, height: Math.min(GRAB_HEIGHT, saved.bounds.height) };
  const display = workAreas.find((area) => {
    const seen = overlap(strip, area);
    return seen.width >= Math.min(GRAB_WIDTH, strip.width) && seen.height >= strip.height;
  });
  if (!display) return null;
  const width = Math.max(minimum.width, Math.min(saved.bounds.width, display.width));
  const height = Math.max(minimum.height, Math.min(saved.bounds.height, display.height));
  return { bounds: { x: saved.bounds.x, y: saved.bounds.y, width, height }, maximized: saved.maximized };
}

/** Reads the saved state from the data folder; anything unreadable counts as none. */
export function loadWindowState(dataDir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

/** Saves the state, readable by the agent's account only, written whole or not at all. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, WINDOW_STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
