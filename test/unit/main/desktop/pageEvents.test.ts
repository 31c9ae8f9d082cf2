import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PageEvents, type PageContents } from '../../../../src-main/desktop/pageEvents.js';
import { DESK_EVENT_CHANNEL, type DeskEvent } from '../../../../src-shared/deskEvents.js';

/** A page as Electron's WebContents presents it: loading until it has loaded, then receiving messages. */
class Page extends EventEmitter implements PageContents {
  loading = true;
  destroyed = false;
  received: DeskEvent[] = [];
  isLoading = () => this.loading;
  isDestroyed = () => this.destroyed;
  send(channel: string, message: DeskEvent) {
    expect(channel).toBe(DESK_EVENT_CHANNEL);
    this.received.push(message);
  }
  load() {
    this.loading = false;
    this.emit('did-finish-load');
  }
  reload() {
    this.loading = true;
    this.load();
  }
}

const settings: DeskEvent = { kind: 'command', command: 'openSettings' };
const account: DeskEvent = { kind: 'openAccount', accountId: 'acc_1' };
const update: DeskEvent = { kind: 'updateReady', version: '0.2.0' };

describe('events for the page', () => {
  it('that come before there is a page (a link that launched the app) wait for it to load', () => {
    const events = new PageEvents();
    events.send(account);
    const page = new Page();
    events.attach(page);
    expect(page.received).toEqual([]);
    page.load();
    expect(page.received).toEqual([account]);
  });

  it('go straight to a loaded page, in order', () => {
    const events = new PageEvents();
    const page = new Page();
    events.attach(page);
    page.load();
    events.send(settings);
    events.send(account);
    expect(page.received).toEqual([settings, account]);
  });

  it('are not sent twice when the page reloads, except that an update is ready, which a reloaded page must show again', () => {
    const events = new PageEvents();
    const page = new Page();
    events.attach(page);
    page.load();
    events.send(update);
    events.send(settings);
    page.reload();
    expect(page.received).toEqual([update, settings, update]);
  });

  it('go to the new window after the old one closed, never to the destroyed one', () => {
    const events = new PageEvents();
    const old = new Page();
    events.attach(old);
    old.load();
    old.destroyed = true;
    events.send(settings);
    const fresh = new Page();
    events.attach(fresh);
    old.emit('did-finish-load');
    fresh.load();
    expect(old.received).toEqual([]);
    expect(fresh.received).toEqual([settings]);
  });

  it('keep only the newest live work while the page loads, behind the events that came before it', () => {
    const events = new PageEvents();
    const page = new Page();
    events.attach(page);
    const work = (pendingEscalations: number): DeskEvent => ({
      kind: 'liveWork',
      work: { connection: 'ok', problem: null, pendingEscalations, alerts: null, myResets: [], incoming: null },
    });
    events.send(work(1));
    events.send(account);
    events.send(work(2));
    page.load();
    expect(page.received).toEqual([account, work(2)]);
  });

  it('pile up to a limit while no page can hear them, keeping the newest', () => {
    const events = new PageEvents();
    for (let i = 0; i < 50; i++) events.send({ kind: 'openAccount', accountId: `acc_${i}` });
    const page = new Page();
    events.attach(page);
    page.load();
    expect(page.received).toHaveLength(20);
    expect(page.received.at(-1)).toEqual({ kind: 'openAccount', accountId: 'acc_49' });
  });
});
