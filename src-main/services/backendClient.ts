/**
 * The console's HTTP client for the backend (axios). It holds the bearer token, which never leaves the
 * main process, and turns every failure into a ConsoleError with words an agent understands.
 */
import axios, { AxiosError, type AxiosInstance } from 'axios';
import type {
  Agent,
  PasswordChange,
  AccountDetail,
  AccountSummary,
  AgentSession,
  AgentSignIn,
  AuditEvent,
  DisableMfa,
  DisableRequest,
  Escalation,
  EscalationDecision,
  MfaDisabled,
  NewEscalation,
  Notification,
  Page,
  PageQuery,
  Problem,
} from '../../src-shared/api.js';
import type { ClockCheckResult, EnrollmentTicket, StartReset } from '../../src-shared/resetApi.js';
import type {
  AgentInvited,
  AgentMfaReset,
  AgentMfaResetDone,
  AgentUpdate,
  AlertList,
  AuditExportQuery,
  AuditQuery,
  AuditVerification,
  GapPage,
  GapQuery,
  InviteAgent,
  ManagedAgent,
  MfaReport,
  SubjectAccessExport,
} from '../../src-shared/auditApi.js';
import type { Readable } from 'node:stream';
import type { StreamSource } from './exportJobs.js';
import { ConsoleError } from './consoleError.js';

const TIMEOUT_MS = 15_000;

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

  async signIn(input: AgentSignIn): Promise<AgentSession> {
    const session = await this.call<AgentSession>('POST', '/admin/v1/sessions', { data: input, anonymous: true });
    this.token = session.token;
    return session;
  }

  changePassword(body: PasswordChange) {
    return this.call<Agent>('POST', '/admin/v1/me/password', { data: body });
  }

  async signOut(): Promise<void> {
    if (!this.token) return;
    try {
      await this.call('DELETE', '/admin/v1/sessions/current');
    } finally {
      this.token = null;
    }
  }

  searchAccounts(query: { q: string; cursor?: string | undefined; limit?: number | undefined }) {
    return this.call<Page<AccountSummary>>('GET', '/admin/v1/accounts', { params: query });
  }

  getAccount(id: string) {
    return this.call<AccountDetail>('GET', account(id));
  }

  accountEvents(id: string, query: PageQuery) {
    return this.call<Page<AuditEvent>>('GET', `${account(id)}/events`, { params: query });
  }

  checkDisableRequest(accountId: string, raw: Buffer) {
    return this.call<DisableRequest>('POST', `${account(accountId)}/disable-requests`, {
      data: raw,
      headers: { 'content-type': 'message/rfc822' },
    });
  }

  checkTypedSender(accountId: string, senderAddress: string) {
    return this.call<DisableRequest>('POST', `${account(accountId)}/disable-requests`, { data: { senderAddress } });
  }

  disableMfa(accountId: string, body: DisableMfa, idempotencyKey: string) {
    return this.call<MfaDisabled>('POST', `${account(accountId)}/mfa/disable`, {
      data: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  escalate(accountId: string, body: NewEscalation) {
    return this.call<Escalation>('POST', `${account(accountId)}/mfa/disable-escalations`, { data: body });
  }

  escalations(query: { status?: string | undefined; cursor?: string | undefined }) {
    return this.call<Page<Escalation>>('GET', '/admin/v1/escalations', { params: query });
  }

  decideEscalation(id: string, body: EscalationDecision, idempotencyKey: string) {
    return this.call<Escalation>('POST', `/admin/v1/escalations/${encodeURIComponent(id)}/decision`, {
      data: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  outbox(query: { accountId?: string | undefined }) {
    return this.call<Page<Notification>>('GET', '/admin/v1/outbox', { params: query });
  }

  startReset(accountId: string, body: StartReset, idempotencyKey: string) {
    return this.call<EnrollmentTicket>('POST', `${account(accountId)}/mfa/reset`, {
      data: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  currentReset(accountId: string) {
    return this.call<{ ticket: EnrollmentTicket | null }>('GET', `${account(accountId)}/mfa/reset`);
  }

  /** Long poll: the server answers when the ticket changes, so the timeout must outlast the wait. */
  watchReset(ticketId: string, after: number, waitSeconds: number) {
    return this.call<EnrollmentTicket>('GET', `/admin/v1/enrollment-tickets/${encodeURIComponent(ticketId)}`, {
      params: { after, waitSeconds },
      timeoutMs: (waitSeconds + 10) * 1000,
    });
  }

  cancelReset(ticketId: string) {
    return this.call<EnrollmentTicket>('POST', `/admin/v1/enrollment-tickets/${encodeURIComponent(ticketId)}/cancel`, { data: {} });
  }

  resendReset(ticketId: string) {
    return this.call<EnrollmentTicket>('POST', `/admin/v1/enrollment-tickets/${encodeURIComponent(ticketId)}/resend`, { data: {} });
  }

  clockCheck(accountId: string, code: string) {
    return this.call<ClockCheckResult>('POST', `${account(accountId)}/mfa/clock-check`, { data: { code } });
  }

  mfaReport() {
    return this.call<MfaReport>('GET', '/admin/v1/reports/mfa', { timeoutMs: 120_000 });
  }

  reportGaps(query: GapQuery) {
    return this.call<GapPage>('GET', '/admin/v1/reports/mfa/gaps', { params: query });
  }

  auditEvents(query: AuditQuery) {
    return this.call<Page<AuditEvent>>('GET', '/admin/v1/audit', { params: query });
  }

  /** Walks the whole chain on the server: minutes for a very large log, so a long timeout. */
  verifyAudit() {
    return this.call<AuditVerification>('GET', '/admin/v1/audit/verify', { timeoutMs: 30 * 60_000 });
  }

  /** The export as a stream, straight from the response; `total` from X-Audit-Event-Count. */
  async openAuditExport(query: AuditExportQuery, signal: AbortSignal): Promise<StreamSource> {
    const response = await this.call<Readable>('GET', '/admin/v1/audit/export', { params: query, stream: true, signal });
    return { stream: response.data, total: Number(response.headers['x-audit-event-count']) || null };
  }

  alerts() {
    return this.call<AlertList>('GET', '/admin/v1/alerts');
  }

  agents() {
    return this.call<{ items: ManagedAgent[] }>('GET', '/admin/v1/agents');
  }

  inviteAgent(body: InviteAgent) {
    return this.call<AgentInvited>('POST', '/admin/v1/agents', { data: body });
  }

  updateAgent(id: string, body: AgentUpdate) {
    return this.call<ManagedAgent>('PATCH', `/admin/v1/agents/${encodeURIComponent(id)}`, { data: body });
  }

  resetAgentMfa(id: string, body: AgentMfaReset) {
    return this.call<AgentMfaResetDone>('POST', `/admin/v1/agents/${encodeURIComponent(id)}/mfa/reset`, { data: body });
  }

  subjectAccess(accountId: string) {
    return this.call<SubjectAccessExport>('GET', `${account(accountId)}/subject-access`);
  }

  private async call<T>(
    method: string,
    url: string,
    options?: {
      data?: unknown;
      params?: object;
      anonymous?: boolean;
      headers?: Record<string, string>;
      timeoutMs?: number;
      stream?: false;
      signal?: AbortSignal;
    },
  ): Promise<T>;
  private async call<T>(
    method: string,
    url: string,
    options: { data?: unknown; params?: object; headers?: Record<string, string>; timeoutMs?: number; stream: true; signal: AbortSignal },
  ): Promise<{ data: T; headers: Record<string, unknown> }>;
  private async call<T>(
    method: string,
    url: string,
    options: {
      data?: unknown;
      params?: object;
      anonymous?: boolean;
      headers?: Record<string, string>;
      timeoutMs?: number;
      stream?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<T | { data: T; headers: Record<string, unknown> }> {
    if (!options.anonymous && !this.token) throw new ConsoleError('signed_out', 'You are signed out. Sign in to continue.');
    let response;
    try {
      response = await this.http.request({
        method,
        url,
        data: options.data,
        params: options.params,
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        // A stream has no overall deadline: the export of a large log takes as long as it takes.
        ...(options.stream ? { responseType: 'stream' as const, timeout: 0, signal: options.signal } : {}),
        headers: { ...(options.anonymous ? {} : { authorization: `Bearer ${this.token}` }), ...options.headers },
      });
    } catch (error) {
      throw networkError(error, this.host);
    }
    if (response.status >= 200 && response.status < 300) {
      return options.stream ? { data: response.data as T, headers: response.headers as Record<string, unknown> } : (response.data as T);
    }
    const problem = (options.stream ? await readJson(response.data as Readable) : response.data) as Partial<Problem> | undefined;
    if (response.status === 401 && !options.anonymous) this.token = null;
    throw new ConsoleError(
      problem?.code ?? `http_${response.status}`,
      problem?.detail ?? `The backend answered ${response.status}.`,
      problem?.errors,
      response.status,
    );
  }
}

async function readJson(stream: Readable): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

const account = (id: string) => `/admin/v1/accounts/${encodeURIComponent(id)}`;

function networkError(error: unknown, host: string): ConsoleError {
  if (error instanceof AxiosError) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
      return new ConsoleError('backend_timeout', `The backend at ${host} took too long to answer. Try again.`);
    if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'ECONNRESET' || error.code === 'EAI_AGAIN') {
      return new ConsoleError(
        'backend_unreachable',
        `The backend at ${host} cannot be reached. Check the address in Settings and your network.`,
      );
    }
  }
  return new ConsoleError('backend_error', `Talking to the backend at ${host} failed.`);
}
