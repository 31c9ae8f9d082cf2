/**
 * What the main process tells the page without being asked: a command from the application menu, an
 * mfa-desk:// link to open, an update ready to install. One channel, main → page only; the preload
 * checks every message against these shapes before the page sees it, and the page subscribes through
 * `window.api.events.listen`. No runtime dependencies, so the sandboxed preload can bundle it.
 */

export const DESK_EVENT_CHANNEL = 'mfa-desk:event';

/** What the menu's items and their shortcuts ask the page to do. */
export const DESK_COMMANDS = ['findAccount', 'openSettings', 'showShortcuts'] as const;
export type DeskCommand = (typeof DESK_COMMANDS)[number];

export type DeskEvent =
  | { kind: 'command'; command: DeskCommand }
  /** An mfa-desk://accounts/<id> link, already parsed and checked by main. */
  | { kind: 'openAccount'; accountId: string }
  /** An update was downloaded; it is installed when MFA Desk restarts. */
  | { kind: 'updateReady'; version: string };

export type DeskEventListener = (event: DeskEvent) => void;

/** The page's side of the channel. */
export interface DeskEventsApi {
  /** Calls `listener` for each event from now on; returns the function that stops it. */
  listen(listener: DeskEventListener): () => void;
}

// The contract's Id (api.ts), repeated because the preload cannot bundle TypeBox; a test keeps the two equal.
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/;

const hasOnly = (value: object, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));

/** Whether a message is exactly one of the events above (nothing more, nothing malformed). */
export function isDeskEvent(value: unknown): value is DeskEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  switch (event['kind']) {
    case 'command':
      return hasOnly(event, ['kind', 'command']) && (DESK_COMMANDS as readonly unknown[]).includes(event['command']);
    case 'openAccount':
      return hasOnly(event, ['kind', 'accountId']) && typeof event['accountId'] === 'string' && ACCOUNT_ID.test(event['accountId']);
    case 'updateReady':
      return hasOnly(event, ['kind', 'version']) && typeof event['version'] === 'string' && VERSION.test(event['version']);
    default:
      return false;
  }
}
