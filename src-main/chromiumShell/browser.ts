/** Finding the system's Chromium or Chrome, and whether a window can be shown at all. */
import { consoleSetting } from '../environment.js';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface FoundBrowser {
  executablePath: string;
  /** How it was found, for the start-up line. */
  source: string;
}

const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge'];

const WELL_KNOWN: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

/** MFA_DESK_BROWSER names the browser; else the first Chromium or Chrome on PATH, else a well-known install. */
export function findBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): FoundBrowser | null {
  const named = consoleSetting('browser', env);
  if (named) return existsSync(named) ? { executablePath: named, source: 'MFA_DESK_BROWSER' } : null;
  const suffix = platform === 'win32' ? '.exe' : '';
  for (const dir of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ON_PATH) {
      const candidate = path.join(dir, name + suffix);
      if (existsSync(candidate)) return { executablePath: candidate, source: 'PATH' };
    }
  }
  const known = (WELL_KNOWN[platform] ?? []).find((candidate) => existsSync(candidate));
  return known ? { executablePath: known, source: 'its usual place' } : null;
}

/** On Linux a window needs an X or Wayland display; elsewhere there always is one. */
export const hasDisplay = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform) =>
  platform !== 'linux' || !!env['DISPLAY'] || !!env['WAYLAND_DISPLAY'];

/** Where the console keeps its settings and embedded data: the folder Electron's app.getPath('userData') names. */
export function userDataDir(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform = process.platform): string {
  const explicit = consoleSetting('consoleData', env);
  if (explicit) return path.resolve(explicit);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'mfa-desk');
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'mfa-desk');
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'mfa-desk');
}
