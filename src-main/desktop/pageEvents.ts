/**
 * Delivers main's events (deskEvents.ts) to the console page. An event that comes while the page is
 * still loading — a link that launched the app, a menu command during a reload — waits until the page
 * has loaded. "An update is ready" is sent again after every load, so a reloaded page still shows it.
 */
import { DESK_EVENT_CHANNEL, type DeskEvent } from '../../src-shared/deskEvents.js';

/** The part of Electron's WebContents this needs. */
export interface PageContents {
  isLoading(): boolean;
  isDestroyed(): boolean;
  send(channel: string, message: DeskEvent): void;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

// Events that pile up while no page can hear them (a burst of links) are capped; the newest win.
const MAX_WAITING = 20;

export class PageEvents {
  private page: PageContents | null = null;
  private waiting: DeskEvent[] = [];
  private updateReady: DeskEvent | null = null;

  /** The page of a (new) console window; events go there from now on. */
  attach(page: PageContents): void {
    this.page = page;
    page.on('did-finish-load', () => {
      if (this.page !== page) return;
      const due = this.waiting;
      this.waiting = [];
      for (const event of due) page.send(DESK_EVENT_CHANNEL, event);
      if (this.updateReady && !due.includes(this.updateReady)) page.send(DESK_EVENT_CHANNEL, this.updateReady);
    });
  }

  send(event: DeskEvent): void {
    if (event.kind === 'updateReady') this.updateReady = event;
    const page = this.page;
    if (page && !page.isDestroyed() && !page.isLoading()) {
      page.send(DESK_EVENT_CHANNEL, event);
      return;
    }
    // Only the newest live work matters: an older one waiting would show the page a past state.
    const kept = event.kind === 'liveWork' ? this.waiting.filter((waiting) => waiting.kind !== 'liveWork') : this.waiting;
    this.waiting = [...kept, event].slice(-MAX_WAITING);
  }
}
