/**
 * The console's IPC contract as the page and the preload see it: the operation names and the types of
 * their inputs and answers, all from the catalogue (operations.ts). This file has no runtime
 * dependencies (type imports only), so the sandboxed preload can bundle it.
 */
import type { Static } from 'typebox';
import type { Operations } from './operations.js';
import type { DeskEventListener, DeskEventsApi } from './deskEvents.js';
import type { ProblemParams } from './problems.js';

export type { AppStatus, ExportJob, SavedFile, SecretHandover } from './consoleApi.js';

/**
 * The catalogue's names, spelled here too because the preload may not load the catalogue's schemas;
 * the catalogue `satisfies` a record over exactly these, so the two cannot drift apart.
 */
/** Where a screen's data is: not asked for yet, on its way, shown, or failed. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export const IPC_OPERATIONS = [
  'app.status',
  'app.reconnect',
  'app.liveWork',
  'settings.setBackend',
  'settings.setNotifications',
  'settings.setLanguage',
  'settings.mailboxes',
  'settings.setMailboxes',
  'session.signIn',
  'session.signOut',
  'session.me',
  'session.changePassword',
  'accounts.search',
  'accounts.create',
  'accounts.get',
  'accounts.events',
  'accounts.signIns',
  'accounts.unlock',
  'disableRequests.checkMessage',
  'disableRequests.checkTypedSender',
  'disableRequests.get',
  'mfa.disable',
  'escalations.create',
  'escalations.list',
  'escalations.decide',
  'outbox.list',
  'outbox.retry',
  'reset.start',
  'reset.mine',
  'reset.current',
  'reset.watch',
  'reset.cancel',
  'reset.resend',
  'reset.clockCheck',
  'reports.mfa',
  'reports.gaps',
  'audit.list',
  'audit.verify',
  'audit.exportStart',
  'audit.exportProgress',
  'audit.exportCancel',
  'audit.exportReveal',
  'alerts.list',
  'agents.list',
  'agents.invite',
  'agents.update',
  'agents.resetMfa',
  'subjectAccess.export',
  'incoming.list',
  'incoming.count',
  'incoming.get',
  'incoming.claim',
  'incoming.release',
  'incoming.reply',
  'intake.status',
] as const;
export type IpcOperation = (typeof IPC_OPERATIONS)[number];

export type IpcInput<Op extends IpcOperation> = Static<Operations[Op]['input']>;
export type IpcOutput<Op extends IpcOperation> = Static<Operations[Op]['output']>;

/** What crosses the IPC boundary: never a thrown error, always one of these. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export interface IpcError {
  /** Stable code: the backend's problem code, or one of the console's own. */
  code: string;
  /** A sentence an agent understands (English from main and the backend; the console words it by `code`). */
  message: string;
  /** The values in the sentence, by name (a login, a number of seconds). */
  params?: ProblemParams;
  /** Field-level problems, when the input was refused. */
  fields?: { path: string; message: string }[];
}

/** The channel every operation travels on; the operation name is the first argument. */
export const IPC_CHANNEL = 'mfa-desk:invoke';

/** The object preload exposes as `window.api`, grouped by domain: `api.accounts.search(q)`. */
type Domain<Op extends string> = Op extends `${infer D}.${string}` ? D : never;
type OpsOf<D extends string> = Extract<IpcOperation, `${D}.${string}`>;
type Method<Op extends IpcOperation> = Op extends `${string}.${infer M}` ? M : never;
export type DeskApi = {
  [D in Domain<IpcOperation>]: {
    [Op in OpsOf<D> as Method<Op>]: (input: IpcInput<Op>) => Promise<IpcResult<IpcOutput<Op>>>;
  };
} & {
  /** What main tells the page on its own (deskEvents.ts): menu commands, links, an update ready. */
  events: DeskEventsApi;
};

/**
 * Builds the grouped api object from one generic invoker and one subscription to main's events; used by
 * the preload.
 */
export function buildDeskApi(
  invoke: (op: IpcOperation, input: unknown) => Promise<unknown>,
  listen: (listener: DeskEventListener) => () => void,
): DeskApi {
  const domains: Record<string, Record<string, (input: never) => Promise<unknown>>> = {};
  for (const op of IPC_OPERATIONS) {
    const dot = op.indexOf('.');
    const domain = op.slice(0, dot);
    const method = op.slice(dot + 1);
    (domains[domain] ??= {})[method] = (input: unknown) => invoke(op, input);
  }
  // Built from IPC_OPERATIONS itself, one method per operation; what each answers is main's (the preload has no schemas).
  return { ...(domains as Omit<DeskApi, 'events'>), events: { listen } };
}
