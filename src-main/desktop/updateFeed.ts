/**
 * Where the console looks for updates, if anywhere. Updates are off unless IT configured a feed:
 *   - at build time: MFA_DESK_UPDATE_URL when running `npm run dist` puts the feed into the installers
 *     (electron-builder writes it to resources/app-update.yml, which electron-updater reads);
 *   - at run time: MFA_DESK_UPDATE_URL in the console's environment overrides it, and "off" turns a
 *     built-in feed off.
 * A feed must be https: whoever can answer on it can put code on every agent's machine. No Electron
 * here, so the builder config and the tests use it under plain Node.
 */
import { settingName } from '../../src-shared/settings.js';
import { CONSOLE_ENVIRONMENT, consoleSetting } from '../environment.js';

const UPDATE_URL_VARIABLE = settingName(CONSOLE_ENVIRONMENT.updateUrl);

/** Checks for updates run at start and then this often while the console stays open. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export type FeedUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/** An update feed's address: https, a host, no credentials, no query or fragment (electron-updater appends file names). */
export function checkFeedUrl(text: string): FeedUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: `${UPDATE_URL_VARIABLE} is not a URL: "${text}".` };
  }
  if (url.protocol !== 'https:')
    return { ok: false, problem: `${UPDATE_URL_VARIABLE} must be an https:// address, not ${url.protocol}//.` };
  if (url.username || url.password) return { ok: false, problem: `${UPDATE_URL_VARIABLE} must not carry a user name or password.` };
  if (url.search || url.hash || text.includes('?') || text.includes('#'))
    return { ok: false, problem: `${UPDATE_URL_VARIABLE} must be a folder address, without ? or #.` };
  // electron-updater resolves latest.yml against the URL: without a trailing slash the last segment would be replaced.
  const folder = url.pathname.endsWith('/') ? url.href : `${url.href}/`;
  return { ok: true, url: folder };
}

export type UpdateFeed =
  | { mode: 'off'; problem: string | null }
  | { mode: 'url'; url: string }
  /** The feed electron-builder wrote into the installed app (app-update.yml); electron-updater reads it itself. */
  | { mode: 'installer' };

/**
 * The feed the running console uses. `installerFeed`: the installed app carries a feed from its build
 * (an app that is not packaged never does). A bad run-time value turns updates off and says why,
 * rather than falling back to some other feed the agent did not ask for.
 */
export function runtimeUpdateFeed(env: NodeJS.ProcessEnv, installerFeed: boolean): UpdateFeed {
  const value = consoleSetting('updateUrl', env)?.trim();
  if (value === 'off') return { mode: 'off', problem: null };
  if (value) {
    const checked = checkFeedUrl(value);
    return checked.ok ? { mode: 'url', url: checked.url } : { mode: 'off', problem: `${checked.problem} Updates are off.` };
  }
  return installerFeed ? { mode: 'installer' } : { mode: 'off', problem: null };
}

/** The feed `npm run dist` builds into the installers, or null; a bad value stops the build with its reason. */
export function buildTimeUpdateUrl(env: NodeJS.ProcessEnv): string | null {
  const value = consoleSetting('updateUrl', env)?.trim();
  if (!value || value === 'off') return null;
  const checked = checkFeedUrl(value);
  if (!checked.ok) throw new Error(checked.problem);
  return checked.url;
}
