/**
 * What the main process tells the page without being asked: a command from the application menu, an
 * mfa-desk:// link to open, an update ready to install, the live state of the agent's work. One channel, main → page only; the preload
 * checks every message against these shapes before the page sees it, and the page subscribes through
 * `window.api.events.listen`. No runtime dependencies (but the plain narrowing helpers), so the sandboxed preload can bundle it.
 */
import { isOneOf } from './narrowing.js';
import type { ProblemParams } from './problems.js';

export const DESK_EVENT_CHANNEL = 'mfa-desk:event';

/** What the menu's items and their shortcuts ask the page to do. */
export const DESK_COMMANDS = ['findAccount', 'openSettings', 'showShortcuts'] as const;
export type DeskCommand = (typeof DESK_COMMANDS)[number];

// The contract's ticket statuses (resetApi.ts), repeated because the preload cannot bundle TypeBox; a test keeps the two equal.
export const LIVE_TICKET_STATUSES = [
  'issued',
  'email_sent',
  'link_opened',
  'signed_in',
  'qr_shown',
  'enrolled',
  'expired',
  'cancelled',
] as const;

/** One re-enrolment the agent started and that is not finished, with the step it has reached. */
export interface LiveReset {
  ticketId: string;
  accountId: string;
  accountLogin: string;
  status: (typeof LIVE_TICKET_STATUSES)[number];
}

/** A lost connection's error, as main's errors cross to the page (the console words it by `code`). */
export interface LiveProblem {
  code: string;
  message: string;
  params?: ProblemParams;
}

/** What main last saw of the agent's work on the backend; sent whenever it changes. */
export interface LiveWork {
  /** Whether main reached the backend on its last look ('lost' once a look fails for the network). */
  connection: 'ok' | 'lost';
  /** Why, when the connection is lost: the error's code, its English sentence and the values in it. */
  problem: LiveProblem | null;
  /** Escalations waiting for an admin's decision. */
  pendingEscalations: number;
  /** Open alerts; null when the agent's role does not read alerts. */
  alerts: number | null;
  /** The agent's own re-enrolments under way; empty when the role starts none. */
  myResets: LiveReset[];
  /** The Incoming queue: requests waiting for an agent and when the oldest arrived; null when the role does not work it. */
  incoming: LiveIncoming | null;
}

/** The Incoming queue's count as the backend gives it (`IncomingCount`): claims show in it so a console sees those made elsewhere. */
export interface LiveIncoming {
  open: number;
  oldestOpenAt: string | null;
  claimed: number;
  latestClaimUntil: string | null;
}

export type DeskEvent =
  | { kind: 'command'; command: DeskCommand }
  /** An mfa-desk://accounts/<id> link, already parsed and checked by main. */
  | { kind: 'openAccount'; accountId: string }
  /** An update was downloaded; it is installed when MFA Desk restarts. */
  | { kind: 'updateReady'; version: string }
  /** Live work: counts and the agent's open re-enrolments, watched by main. */
  | { kind: 'liveWork'; work: LiveWork };

export type DeskEventListener = (event: DeskEvent) => void;

/** The page's side of the channel. */
export interface DeskEventsApi {
  /** Calls `listener` for each event from now on; returns the function that stops it. */
  listen(listener: DeskEventListener): () => void;
}

// The contract's Id (api.ts), repeated because the preload cannot bundle TypeBox; a test keeps the two equal.
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

const hasOnly = (value: object, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const MAX_LIVE_RESETS = 50;

function isLiveReset(value: unknown): boolean {
  return (
    isObject(value) &&
    hasOnly(value, ['ticketId', 'accountId', 'accountLogin', 'status']) &&
    typeof value['ticketId'] === 'string' &&
    ACCOUNT_ID.test(value['ticketId']) &&
    typeof value['accountId'] === 'string' &&
    ACCOUNT_ID.test(value['accountId']) &&
    typeof value['accountLogin'] === 'string' &&
    value['accountLogin'].length <= 254 &&
    isOneOf(LIVE_TICKET_STATUSES, value['status'])
  );
}

function isLiveIncoming(value: unknown): boolean {
  if (value === null) return true;
  if (!isObject(value) || !hasOnly(value, ['open', 'oldestOpenAt', 'claimed', 'latestClaimUntil'])) return false;
  const timeOrNull = (time: unknown) => time === null || (typeof time === 'string' && ISO_TIME.test(time));
  return isCount(value['open']) && isCount(value['claimed']) && timeOrNull(value['oldestOpenAt']) && timeOrNull(value['latestClaimUntil']);
}

const isShortText = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;

function isLiveProblem(value: unknown): boolean {
  if (!isObject(value) || !hasOnly(value, ['code', 'message', 'params'])) return false;
  const params = value['params'];
  return (
    isShortText(value['code'], 64) &&
    isShortText(value['message'], 500) &&
    (params === undefined ||
      (isObject(params) &&
        Object.keys(params).length <= 10 &&
        Object.values(params).every((v) => isShortText(v, 500) || (typeof v === 'number' && Number.isFinite(v)))))
  );
}

function isLiveWork(value: unknown): boolean {
  if (!isObject(value) || !hasOnly(value, ['connection', 'problem', 'pendingEscalations', 'alerts', 'myResets', 'incoming'])) return false;
  const resets = value['myResets'];
  return (
    (value['connection'] === 'ok' || value['connection'] === 'lost') &&
    (value['problem'] === null || isLiveProblem(value['problem'])) &&
    isCount(value['pendingEscalations']) &&
    (value['alerts'] === null || isCount(value['alerts'])) &&
    Array.isArray(resets) &&
    resets.length <= MAX_LIVE_RESETS &&
    resets.every(isLiveReset) &&
    isLiveIncoming(value['incoming'])
  );
}

/** Whether a message is exactly one of the events above (nothing more, nothing malformed). */
export function isDeskEvent(value: unknown): value is DeskEvent {
  if (!isObject(value)) return false;
  const event = value;
  switch (event['kind']) {
    case 'command':
      return hasOnly(event, ['kind', 'command']) && isOneOf(DESK_COMMANDS, event['command']);
    case 'openAccount':
      return hasOnly(event, ['kind', 'accountId']) && typeof event['accountId'] === 'string' && ACCOUNT_ID.test(event['accountId']);
    case 'updateReady':
      return hasOnly(event, ['kind', 'version']) && typeof event['version'] === 'string' && VERSION.test(event['version']);
    case 'liveWork':
      return hasOnly(event, ['kind', 'work']) && isLiveWork(event['work']);
    default:
      return false;
  }
}
