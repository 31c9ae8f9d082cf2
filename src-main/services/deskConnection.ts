/**
 * Which backend the console talks to and as whom. Holds the backend URL and the agent's session;
 * the renderer only ever sees `AppStatus`. In embedded mode it starts the local backend and takes over
 * the demo admin's session that backend opened at its start (it never holds the demo admin's password or
 * TOTP secret). After a sign-out or an expired session the agent is
 * signed out, in every mode: nobody is signed in again behind the agent's back.
 */
import type { Agent } from '../../src-shared/api.js';
import type { AppStatus, IpcError } from '../../src-shared/ipc.js';
import { checkBackendUrl } from '../../src-shared/backendUrl.js';
import type { BackendChoice, ConsoleLanguage } from '../../src-shared/consoleApi.js';
import { BackendClient } from './backendClient.js';
import { ConsoleError, unavailableProblem } from './consoleError.js';
import type { EmbeddedBackend } from './embeddedBackend.js';
import type { SettingsStore } from './settingsStore.js';

export interface ConnectionDeps {
  settings: SettingsStore;
  startEmbedded: () => Promise<EmbeddedBackend>;
  /** Told after the agent chose another language (Electron rebuilds its menu in it). */
  onLanguageChange?: () => void;
  /** The computer's language, as main read it at start (setupConsole.ts). */
  systemLanguage: ConsoleLanguage;
  log?: (message: string) => void;
}

export class DeskConnection {
  private client: BackendClient | null = null;
  private embedded: EmbeddedBackend | null = null;
  private agent: Agent | null = null;
  /** Why the last connection attempt failed, as the page is told it. */
  private error: Omit<IpcError, 'fields'> | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly deps: ConnectionDeps) {}

  status(): AppStatus {
    const mode = this.deps.settings.get().backend.mode;
    return {
      mode,
      backendLabel: mode === 'embedded' ? 'Built-in demo backend' : (this.client?.host ?? 'not set'),
      backendReady: this.client !== null,
      backendError: this.error,
      agent: this.agent,
      notifications: this.deps.settings.get().notifications,
      language: this.deps.settings.get().language,
      systemLanguage: this.deps.systemLanguage,
    };
  }

  setNotifications(enabled: boolean): AppStatus {
    this.deps.settings.setNotifications(enabled);
    return this.status();
  }

  /** Saves the agent's language; the connection and session are untouched. */
  setLanguage(language: ConsoleLanguage | null): AppStatus {
    this.deps.settings.setLanguage(language);
    this.deps.onLanguageChange?.();
    return this.status();
  }

  /** Connects as the settings say; safe to call again (concurrent calls share one attempt). */
  connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Waits for a connection attempt in flight, without starting one. */
  async settled(): Promise<void> {
    await this.connecting;
  }

  async setBackend(choice: BackendChoice): Promise<AppStatus> {
    // Refused before anything changes: the current backend and session stay as they are.
    if (choice.mode === 'remote') remoteUrl(choice.url);
    await this.disconnect();
    this.deps.settings.setBackend(choice);
    await this.connect();
    return this.status();
  }

  /** Starts the embedded backend again (it reads its settings at start); the demo admin's new session is taken over. */
  async restartEmbedded(): Promise<AppStatus> {
    await this.disconnect();
    await this.connect();
    if (this.error)
      throw new ConsoleError('backend_unavailable', `Saved, but the built-in backend did not start again: ${this.error.message}`);
    return this.status();
  }

  async signIn(input: { email: string; password: string; code: string }): Promise<AppStatus> {
    const client = await this.readyClient();
    const session = await client.signIn(input);
    this.agent = session.agent;
    return this.status();
  }

  async changePassword(input: { currentPassword: string; newPassword: string }): Promise<AppStatus> {
    const client = await this.readyClient();
    this.agent = await client.callOperation('session.changePassword', input);
    return this.status();
  }

  async signOut(): Promise<AppStatus> {
    if (this.client) await this.client.signOut().catch(() => undefined);
    this.agent = null;
    return this.status();
  }

  /** Runs a backend call as the signed-in agent; when the session has ended the agent is signed out. */
  async call<T>(fn: (client: BackendClient) => Promise<T>): Promise<T> {
    const client = await this.readyClient();
    try {
      return await fn(client);
    } catch (error) {
      if (!(error instanceof ConsoleError)) throw error;
      if (error.code === 'signed_out') this.agent = null;
      if (error.status !== 401) throw error;
      this.agent = null;
      throw new ConsoleError('session_expired', 'Your session has ended. Sign in again to continue.');
    }
  }

  /** Throws a ConsoleError when the backend cannot be reached (nobody need be signed in). */
  async probe(): Promise<void> {
    // Never connects: a backend that failed to start is tried again by the agent (Retry), not by the watch.
    await this.settled();
    if (!this.client) throw new ConsoleError('backend_unavailable', this.error?.message ?? 'The backend is not available.');
    await this.client.reachable();
  }

  async disconnect(): Promise<void> {
    // An attempt still starting would otherwise set its client after this one is gone.
    await this.settled();
    await this.signOut();
    this.client = null;
    const embedded = this.embedded;
    this.embedded = null;
    await embedded?.stop();
  }

  private async readyClient(): Promise<BackendClient> {
    if (!this.client) await this.connect();
    if (!this.client) throw new ConsoleError('backend_unavailable', this.error?.message ?? 'The backend is not available.');
    return this.client;
  }

  private async doConnect(): Promise<void> {
    if (this.client) return;
    this.error = null;
    const choice = this.deps.settings.get().backend;
    try {
      if (choice.mode === 'remote') {
        this.client = new BackendClient(remoteUrl(choice.url));
        return;
      }
      this.embedded = await this.deps.startEmbedded();
      const client = new BackendClient(this.embedded.url);
      // The demo admin's session, opened by the backend at its start: taken over once, never again.
      const token = this.embedded.bootstrapToken;
      this.embedded.bootstrapToken = null;
      if (token) this.agent = await client.adoptSession(token);
      this.client = client;
    } catch (error) {
      this.error = unavailableProblem(error, String(error));
      this.deps.log?.(`Connecting to the backend failed: ${this.error.message}`);
      this.client = null;
    }
  }
}

/** The remote backend's address if the rule allows it; a ConsoleError in the agent's words if not. */
function remoteUrl(url: string): string {
  const check = checkBackendUrl(url);
  if (!check.ok) throw new ConsoleError(check.code, check.message);
  return check.url;
}
