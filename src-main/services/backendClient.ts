/**
 * The console's HTTP client for the backend (axios). Every backend operation goes through one call,
 * built from its catalogue entry (operations.ts): the path, query, Idempotency-Key and body come from
 * the input's fields, and the answer is checked against the route's schema before anyone uses it. It
 * holds the bearer token, which never leaves the main process, and turns every failure into a
 * ConsoleError with words an agent understands.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Agent, AgentSession, AgentSignIn } from '../../src-shared/api.js';
import type { IpcInput } from '../../src-shared/ipc.js';
import { isRecord } from '../../src-shared/narrowing.js';
import type { ProblemParams } from '../../src-shared/problems.js';
import { IDEMPOTENCY_HEADER, type Route } from '../../src-shared/operation.js';
import { OPERATIONS, type BackendAnswer, type BackendOperation } from '../../src-shared/operations.js';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { StreamSource } from './exportJobs.js';
import { ConsoleError } from './consoleError.js';

const TIMEOUT_MS = 15_000;

const answerCheckers = new Map<TSchema, ReturnType<typeof Compile>>();
function answerChecker(schema: TSchema) {
  let checker = answerCheckers.get(schema);
  if (!checker) answerCheckers.set(schema, (checker = Compile(schema)));
  return checker;
}

/** Whether `answer` is what the backend answers `op` with: checked against the very schema BackendAnswer<Op> is derived from. */
const isAnswerOf = <Op extends BackendOperation>(op: Op, answer: unknown): answer is BackendAnswer<Op> =>
  answerChecker(OPERATIONS[op].route.response).Check(answer);

/** An axios request whose headers are plain strings (axios also allows its own header class). */
type BackendRequest = Omit<AxiosRequestConfig, 'headers'> & { headers: Record<string, string> };

/** Where each input field travels: the path, the query, the Idempotency-Key header, the body. */
export function requestFor(route: Route, input: unknown): BackendRequest {
  const fields = isRecord(input) ? input : {};
  const taken = new Set<string>();
  const take = (field: string) => {
    taken.add(field);
    return fields[field];
  };
  let url = route.path;
  for (const field of Object.keys(route.params)) {
    const name = route.pathNames[field] ?? field;
    url = url.replace(new RegExp(`:${name}(?=/|$)`), encodeURIComponent(String(take(field))));
  }
  const query = route.query ? Object.keys(route.query.properties).filter((field) => fields[field] !== undefined) : [];
  const params = query.length ? Object.fromEntries(query.map((field) => [field, take(field)])) : undefined;
  const headers: Record<string, string> = route.idempotent ? { [IDEMPOTENCY_HEADER]: String(take('idempotencyKey')) } : {};
  let data: unknown;
  if (route.rawBody) {
    data = Buffer.from(String(take(route.rawBody.field)), 'base64');
    headers['content-type'] = route.rawBody.contentType;
  } else if (route.method !== 'GET' && route.method !== 'DELETE') {
    data = Object.fromEntries(Object.entries(fields).filter(([field]) => !taken.has(field)));
  }
  return { method: route.method, url, params, headers, data, ...(route.timeoutMs ? { timeout: route.timeoutMs } : {}) };
}

export class BackendClient {
  private readonly http: AxiosInstance;
  private token: string | null = null;

  constructor(readonly baseUrl: string) {
    this.http = axios.create({ baseURL: baseUrl, timeout: TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0 });
  }

  get host(): string {
    return new URL(this.baseUrl).host;
  }

  hasSession(): boolean {
    return this.token !== null;
  }

  forgetSession(): void {
    this.token = null;
  }

  /** Takes over a session handed to main out of band (the embedded backend's first session). */
  async adoptSession(token: string): Promise<Agent> {
    this.token = token;
    return this.callOperation('session.me', undefined);
  }

  async signIn(input: AgentSignIn): Promise<AgentSession> {
    const session = await this.callOperation('session.signIn', input);
    this.token = session.token;
    return session;
  }

  async signOut(): Promise<void> {
    if (!this.token) return;
    try {
      await this.callOperation('session.signOut', undefined);
    } finally {
      this.token = null;
    }
  }

  /** Runs a backend operation; its answer is checked against the catalogue before it is returned. */
  async callOperation<Op extends BackendOperation>(op: Op, input: IpcInput<Op>): Promise<BackendAnswer<Op>> {
    const route: Route = OPERATIONS[op].route;
    const response = await this.send(route, requestFor(route, input));
    // A 204 has no body; axios hands over an empty string for it.
    const answer: unknown = response.status === 204 ? null : response.data;
    if (!isAnswerOf(op, answer)) {
      throw new ConsoleError(
        'backend_answer_invalid',
        `The backend at ${this.host} answered in a form this console does not understand (is it another version?).`,
        { params: { host: this.host } },
      );
    }
    return answer;
  }

  /** Whether the backend answers at all (its /healthz), for the connection state before anyone signs in. */
  async reachable(): Promise<void> {
    try {
      await this.http.get('/healthz', { headers: { 'x-request-id': randomUUID() } });
    } catch (error) {
      throw networkError(error, this.host);
    }
  }

  /** A streamed answer (the audit export), straight from the response; `total` from X-Audit-Event-Count. */
  async openStream<Op extends BackendOperation>(op: Op, input: IpcInput<Op>, signal: AbortSignal): Promise<StreamSource> {
    const route: Route = OPERATIONS[op].route;
    // A stream has no overall deadline: the export of a large log takes as long as it takes.
    const response = await this.send(route, { ...requestFor(route, input), responseType: 'stream', timeout: 0, signal });
    const stream: unknown = response.data;
    if (!(stream instanceof Readable))
      throw new ConsoleError('backend_error', `Talking to the backend at ${this.host} failed.`, { params: { host: this.host } });
    return { stream, total: Number(response.headers['x-audit-event-count']) || null };
  }

  private async send(route: Route, request: BackendRequest) {
    const anonymous = route.access === 'public';
    if (!anonymous && !this.token) throw new ConsoleError('signed_out', 'You are signed out. Sign in to continue.');
    let response;
    try {
      response = await this.http.request({
        ...request,
        // A fresh id per call, so the backend's log lines for this call can be found (x-request-id).
        headers: { ...(anonymous ? {} : { authorization: `Bearer ${this.token}` }), 'x-request-id': randomUUID(), ...request.headers },
      });
    } catch (error) {
      throw networkError(error, this.host);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const body: unknown = response.data instanceof Readable ? await readJson(response.data) : response.data;
    const problem = isRecord(body) ? body : {};
    if (response.status === 401 && !anonymous) this.token = null;
    throw ConsoleError.fromBackend(
      typeof problem['code'] === 'string' ? problem['code'] : `http_${response.status}`,
      typeof problem['detail'] === 'string' ? problem['detail'] : `The backend answered ${response.status}.`,
      { fields: problemFields(problem['errors']), status: response.status, params: problemParams(problem['params']) },
    );
  }
}

/** A problem's field list, when it is one. */
function problemFields(errors: unknown): { path: string; message: string }[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors.flatMap((e: unknown) =>
    isRecord(e) && typeof e['path'] === 'string' && typeof e['message'] === 'string' ? [{ path: e['path'], message: e['message'] }] : [],
  );
}

/** A problem's params, when they are a record of strings and numbers; anything else is left out. */
function problemParams(params: unknown): ProblemParams | undefined {
  if (!isRecord(params)) return undefined;
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] =>
    ['string', 'number'].includes(typeof entry[1]),
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
}

async function readJson(stream: Readable): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function networkError(error: unknown, host: string): ConsoleError {
  if (error instanceof AxiosError) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
      return new ConsoleError('backend_timeout', `The backend at ${host} took too long to answer. Try again.`, { params: { host } });
    if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'ECONNRESET' || error.code === 'EAI_AGAIN') {
      return new ConsoleError(
        'backend_unreachable',
        `The backend at ${host} cannot be reached. Check the address in Settings and your network.`,
        { params: { host } },
      );
    }
  }
  return new ConsoleError('backend_error', `Talking to the backend at ${host} failed.`, { params: { host } });
}
