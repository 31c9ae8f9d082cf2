import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAutoUpdate, type Updater } from '../../../../src-main/desktop/autoUpdate.js';

/** Stands in for electron-updater's autoUpdater (a third party's object that needs Electron to exist). */
class FeedUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: string[] = [];
  checks = 0;
  installs = 0;
  failNext = false;
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options.url);
  }
  async checkForUpdates() {
    this.checks++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('getaddrinfo ENOTFOUND updates.example.com');
    }
    return null;
  }
  quitAndInstall() {
    this.installs++;
  }
}

const HOUR = 60 * 60 * 1000;

describe('automatic updates', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  function start(feed: Parameters<typeof startAutoUpdate>[0]) {
    const updater = new FeedUpdater();
    const ready: string[] = [];
    const logged: string[] = [];
    const loads = { count: 0 };
    const running = startAutoUpdate(feed, {
      loadUpdater: async () => {
        loads.count++;
        return updater;
      },
      onReady: (version) => ready.push(version),
      log: (message) => logged.push(message),
    });
    return { updater, ready, logged, loads, running };
  }

  it('do nothing when off: no updater is even loaded', async () => {
    const { loads, logged, running } = start({ mode: 'off', problem: null });
    (await running).installNow();
    expect(loads.count).toBe(0);
    expect(logged).toEqual([]);
  });

  it('say why they are off when the configuration was refused', async () => {
    const { loads, logged } = start({ mode: 'off', problem: 'MFA_DESK_UPDATE_URL must be an https:// address. Updates are off.' });
    await vi.runAllTimersAsync();
    expect(loads.count).toBe(0);
    expect(logged).toEqual(['MFA_DESK_UPDATE_URL must be an https:// address. Updates are off.']);
  });

  it('check at start and again every four hours from the configured feed, downloading in the background', async () => {
    const { updater, running } = start({ mode: 'url', url: 'https://updates.example.com/desk/' });
    await running;
    expect(updater.feeds).toEqual(['https://updates.example.com/desk/']);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(4 * HOUR - 1);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    expect(updater.checks).toBe(4);
    (await running).stop();
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    expect(updater.checks).toBe(4);
  });

  it('leave the feed to the installer’s own configuration when it carries one', async () => {
    const { updater, running } = start({ mode: 'installer' });
    await running;
    expect(updater.feeds).toEqual([]);
    expect(updater.checks).toBe(1);
  });

  it('tell the agent once per version that an update is ready, and install it only when asked', async () => {
    const { updater, ready, running } = start({ mode: 'url', url: 'https://updates.example.com/desk/' });
    const updates = await running;
    updates.installNow();
    expect(updater.installs).toBe(0);
    updater.emit('update-downloaded', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.3.0' });
    expect(ready).toEqual(['0.2.0', '0.3.0']);
    updates.installNow();
    expect(updater.installs).toBe(1);
  });

  it('keep checking after a failed check, without troubling the agent', async () => {
    const { updater, ready, logged, running } = start({ mode: 'url', url: 'https://updates.example.com/desk/' });
    updater.failNext = true;
    await running;
    updater.emit('error', new Error('404 latest.yml'));
    await vi.advanceTimersByTimeAsync(4 * HOUR);
    expect(updater.checks).toBe(2);
    expect(ready).toEqual([]);
    expect(logged).toEqual(['Update check failed', 'Update check failed']);
  });
});
