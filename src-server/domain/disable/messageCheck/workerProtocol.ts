/**
 * What the mail-check pool and its workers say to each other. Everything crosses by structured
 * clone, so only plain data goes over: the raw bytes, the check options without the DNS resolver
 * (the worker builds its own from the configured servers), and the analysis or the reason there
 * is none.
 */
import type { CheckOptions, DisableRequestAnalysis, NotAMessageCode } from '../request/index.js';

/** A function cannot be cloned to a worker: a function-valued option fails to compile here. */
type PlainData<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? never : T[K] };

/** The options of one check as they travel to a worker. */
export type RemoteCheckOptions = PlainData<Omit<CheckOptions, 'resolver'>>;

/** Given to each worker when it starts. */
export interface WorkerSetup {
  /** MFA_DESK_DNS_SERVERS; undefined means the system's resolver. */
  dnsServers: string[] | undefined;
}

export interface CheckTask {
  raw: Uint8Array<ArrayBuffer>;
  options: RemoteCheckOptions;
}

export type WorkerReport =
  | { kind: 'ready' }
  | { kind: 'analysed'; analysis: DisableRequestAnalysis }
  | { kind: 'not_a_message'; code: NotAMessageCode; message: string }
  | { kind: 'failed'; message: string };

const REPORT_KINDS: ReadonlySet<unknown> = new Set<WorkerReport['kind']>(['ready', 'analysed', 'not_a_message', 'failed']);

/** Messages come from our own worker script; the kind is all there is to tell them apart. */
export function isWorkerReport(value: unknown): value is WorkerReport {
  return typeof value === 'object' && value !== null && 'kind' in value && REPORT_KINDS.has(value.kind);
}

export function isCheckTask(value: unknown): value is CheckTask {
  return typeof value === 'object' && value !== null && 'raw' in value && value.raw instanceof Uint8Array && 'options' in value;
}

export function isWorkerSetup(value: unknown): value is WorkerSetup {
  if (typeof value !== 'object' || value === null || !('dnsServers' in value)) return false;
  const servers = value.dnsServers;
  return servers === undefined || (Array.isArray(servers) && servers.every((entry) => typeof entry === 'string'));
}
