/**
 * Automatic updates with electron-updater, when a feed is configured (updateFeed.ts): a check at start
 * and every few hours, the download in the background, and "ready — restart to install" for the agent
 * when it is there. The installer runs when the console quits (or at once, from the menu), never in the
 * middle of an agent's work. The updater is passed in, so this runs under Node in the tests.
 */
import { UPDATE_CHECK_INTERVAL_MS, type UpdateFeed } from './updateFeed.js';

/** The part of electron-updater's autoUpdater this uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quitAndInstall(): void;
}

export interface AutoUpdateDeps {
  /** Creates the updater, only once updates are on (loading electron-updater costs start-up time). */
  loadUpdater(): Promise<Updater>;
  /** An update was downloaded and installs on the next restart. */
  onReady(version: string): void;
  log(message: string, error?: unknown): void;
  intervalMs?: number;
}

export interface AutoUpdate {
  /** Quits and installs the downloaded update (the menu's "Restart to Install"). */
  installNow(): void;
  stop(): void;
}

/** Starts checking when the feed is on; with updates off it does nothing but say why, if there is a reason. */
export async function startAutoUpdate(feed: UpdateFeed, deps: AutoUpdateDeps): Promise<AutoUpdate> {
  if (feed.mode === 'off') {
    if (feed.problem) deps.log(feed.problem);
    return { installNow: () => {}, stop: () => {} };
  }
  const updater = await deps.loadUpdater();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  if (feed.mode === 'url') updater.setFeedURL({ provider: 'generic', url: feed.url });
  let announced: string | null = null;
  updater.on('update-downloaded', ({ version }) => {
    if (version === announced) return;
    announced = version;
    deps.onReady(version);
  });
  // A feed that cannot be reached is no reason to bother the agent: the next check tries again.
  updater.on('error', (error) => deps.log('Update check failed', error));
  const check = () => void updater.checkForUpdates().catch((error: unknown) => deps.log('Update check failed', error));
  check();
  const timer = setInterval(check, deps.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
  timer.unref();
  return {
    installNow: () => {
      if (announced) updater.quitAndInstall();
    },
    stop: () => clearInterval(timer),
  };
}
