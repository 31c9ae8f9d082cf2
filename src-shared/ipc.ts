/**
 * The console's IPC contract: every operation the renderer may ask of the main process and the type
 * of its answer. Argument schemas live in `ipcInputs.ts` (main validates with them); this file has no
 * runtime dependencies so the sandboxed preload can bundle it.
 */
import type { Static } from 'typebox';
import type {
  AccountDetail,
  Agent,
  AuditEvent,
  AccountSummary,
  DisableRequest,
  Escalation,
  MfaDisabled,
  Notification,
  Page,
} from './api.js';
import type { ClockCheckResult, EnrollmentTicket } from './resetApi.js';
import type { AlertList, AuditVerification, GapPage, ManagedAgent, MfaReport } from './auditApi.js';
import type { IPC_INPUTS } from './ipcInputs.js';
import type { DeskEventListener, DeskEventsApi } from './deskEvents.js';

export const IPC_OPERATIONS = [
  'app.status',
  'settings.setBackend',
  'session.signIn',
  'session.signOut',
  'session.changePassword',
  'accounts.search',
  'accounts.get',
  'accounts.events',
  'disableRequests.checkMessage',
  'disableRequests.checkTypedSender',
  'mfa.disable',
  'escalations.create',
  'escalations.list',
  'escalations.decide',
  'outbox.list',
  'reset.start',
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
  'alerts.list',
  'agents.list',
  'agents.invite',
  'agents.update',
  'agents.resetMfa',
  'subjectAccess.export',
] as const;
export type IpcOperation = (typeof IPC_OPERATIONS)[number];

export interface AppStatus {
  mode: 'embedded' | 'remote';
  /** Host of the backend, for display; the full URL and credentials stay in main. */
  backendLabel: string;
  backendReady: boolean;
  backendError: string | null;
  agent: Agent | null;
}

export interface IpcOutputs {
  'app.status': AppStatus;
  'settings.setBackend': AppStatus;
  'session.signIn': AppStatus;
  'session.signOut': AppStatus;
  'session.changePassword': AppStatus;
  'accounts.search': Page<AccountSummary>;
  'accounts.get': AccountDetail;
  'accounts.events': Page<AuditEvent>;
  'disableRequests.checkMessage': DisableRequest;
  'disableRequests.checkTypedSender': DisableRequest;
  'mfa.disable': MfaDisabled;
  'escalations.create': Escalation;
  'escalations.list': Page<Escalation>;
  'escalations.decide': Escalation;
  'outbox.list': Page<Notification>;
  'reset.start': EnrollmentTicket;
  'reset.current': { ticket: EnrollmentTicket | null };
  'reset.watch': EnrollmentTicket;
  'reset.cancel': EnrollmentTicket;
  'reset.resend': EnrollmentTicket;
  'reset.clockCheck': ClockCheckResult;
  'reports.mfa': MfaReport;
  'reports.gaps': GapPage;
  'audit.list': Page<AuditEvent>;
  'audit.verify': AuditVerification;
  'audit.exportStart': ExportJob | null;
  'audit.exportProgress': ExportJob;
  'audit.exportCancel': ExportJob;
  'alerts.list': AlertList;
  'agents.list': { items: ManagedAgent[] };
  'agents.invite': SecretHandover;
  'agents.update': ManagedAgent;
  'agents.resetMfa': SecretHandover;
  'subjectAccess.export': SavedFile | null;
}

/** A streamed export to a file the admin chose; the page polls it for progress. */
export interface ExportJob {
  jobId: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  fileName: string;
  path: string;
  /** Lines written so far, and the total the server announced (null when unknown). */
  written: number;
  total: number | null;
  error: string | null;
}

export interface SavedFile {
  path: string;
  bytes: number;
}

/**
 * An agent's one-time password and authenticator key never reach the page: main writes them to a file
 * the admin chose, to hand over in person, and the page learns only where it went.
 */
export interface SecretHandover {
  /** Null when the admin cancelled the save dialog: then nothing was created or reset. */
  agent: ManagedAgent | null;
  savedTo: string | null;
}

export type IpcInput<Op extends IpcOperation> = Static<(typeof IPC_INPUTS)[Op]>;
export type IpcOutput<Op extends IpcOperation> = IpcOutputs[Op];

/** What crosses the IPC boundary: never a thrown error, always one of these. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export interface IpcError {
  /** Stable code: the backend's problem code, or one of the console's own. */
  code: string;
  /** A sentence an agent understands. */
  message: string;
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
  const api: Record<string, Record<string, (input: never) => unknown>> = { events: { listen } };
  for (const op of IPC_OPERATIONS) {
    const [domain, method] = op.split('.') as [string, string];
    (api[domain] ??= {})[method] = (input: unknown) => invoke(op, input);
  }
  return api as unknown as DeskApi;
}
