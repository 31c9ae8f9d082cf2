/**
 * The console's own environment variables, declared once (src-shared/settings.ts): each is read here,
 * and the README's "Console environment" table is made from this list.
 */
import { ConfigError, readEnvironmentSetting, setting, text, type Setting, type SettingValues } from '../src-shared/settings.js';

const ENTRIES = {
  node: setting({
    env: 'MFA_DESK_NODE',
    shownDefault: 'the Node.js that runs npm, else `node` on `PATH`',
    meaning: 'the Node.js binary the embedded backend runs under when the console runs from source',
    read: text(undefined),
  }),
  browser: setting({
    env: 'MFA_DESK_BROWSER',
    shownDefault: 'the first Chromium or Chrome on `PATH`, else its usual install place',
    meaning: 'the browser of the Chromium shell (`npm start` where Electron is missing)',
    read: text(undefined),
  }),
  consoleData: setting({
    env: 'MFA_DESK_CONSOLE_DATA',
    shownDefault: "Electron's user-data folder (`~/.config/mfa-desk` on Linux)",
    meaning: "the Chromium shell's folder for settings and the embedded backend's data",
    read: text(undefined),
  }),
  headless: setting({
    env: 'MFA_DESK_HEADLESS',
    shownDefault: 'off',
    meaning: '`1` runs the Chromium shell without a window (tests)',
    read: (value: string | undefined, name: string) => {
      if (value === undefined || value === '' || value === '0') return false;
      if (value === '1') return true;
      throw new ConfigError(`${name} must be 1 or 0, not "${value}".`);
    },
  }),
  updateUrl: setting({
    env: 'MFA_DESK_UPDATE_URL',
    shownDefault: 'the feed built into the installer, if any',
    meaning: 'the https:// folder the installed console updates from; `off` turns updates off (read at build time by `npm run dist` too)',
    read: text(undefined),
  }),
};

type ConsoleValues = SettingValues<typeof ENTRIES>;

// Spelled as one mapped type so that an entry looked up by a generic key keeps its own value type.
export const CONSOLE_ENVIRONMENT: { readonly [K in keyof ConsoleValues]: Setting<ConsoleValues[K]> } = ENTRIES;

/** One console setting from an environment; a bad value throws a ConfigError naming the variable. */
export const consoleSetting = <K extends keyof ConsoleValues>(key: K, env: NodeJS.ProcessEnv): ConsoleValues[K] =>
  readEnvironmentSetting(CONSOLE_ENVIRONMENT[key], env);
