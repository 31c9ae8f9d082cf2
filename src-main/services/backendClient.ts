/**
 * The console's HTTP client for the backend (axios). It holds the bearer token, which never leaves the
 * main process, and turns every failure into a ConsoleError with words an agent understands.
 */
import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { AccountDetail, AccountSummary, AgentSession, AgentSignIn, AuditEvent, Page, PageQuery, Problem } from '../../src-shared/api.js';
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
    return this.call<AccountDetail>('GET', `/admin/v1/accounts/${encodeURIComponent(id)}`);
  }

  accountEvents(id: string, query: PageQuery) {
    return this.call<Page<AuditEvent>>('GET', `/admin/v1/accounts/${encodeURIComponent(id)}/events`, { params: query });
  }

  private async call<T>(
    method: string,
    url: string,
    options: { data?: unknown; params?: object; anonymous?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    if (!options.anonymous && !this.token) throw new ConsoleError('signed_out', 'You are signed out. Sign in to continue.');
    let response;
    try {
      response = await this.http.request({
        method,
        url,
        data: options.data,
        params: options.params,
        headers: { ...(options.anonymous ? {} : { authorization: `Bearer ${this.token}` }), ...options.headers },
      });
    } catch (error) {
      throw networkError(error, this.host);
    }
    if (response.status >= 200 && response.status < 300) return response.data as T;
    const problem = response.data as Partial<Problem> | undefined;
    if (response.status === 401 && !options.anonymous) this.token = null;
    throw new ConsoleError(
      problem?.code ?? `http_${response.status}`,
      problem?.detail ?? `The backend answered ${response.status}.`,
      problem?.errors,
      response.status,
    );
  }
}

function networkError(error: unknown, host: string): ConsoleError {
  if (error instanceof AxiosError) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new ConsoleError('backend_timeout', `The backend at ${host} took too long to answer. Try again.`);
    if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'ECONNRESET' || error.code === 'EAI_AGAIN') {
      return new ConsoleError('backend_unreachable', `The backend at ${host} cannot be reached. Check the address in Settings and your network.`);
    }
  }
  return new ConsoleError('backend_error', `Talking to the backend at ${host} failed.`);
}
