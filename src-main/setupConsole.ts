/**
 * Wires the console's main-process features from their dependencies. Electron's index.ts calls this;
 * so does the end-to-end harness, which is why nothing here imports electron.
 */
import path from 'node:path';
import { createHandlers } from './ipc/handlers.js';
import { createInvoker, type Invoker } from './ipc/invoker.js';
import type { DeskEventListener } from '../src-shared/deskEvents.js';
import { DeskConnection } from './services/deskConnection.js';
import { LiveWorkWatch, type DeskNotice } from './services/liveWork.js';
import { startEmbeddedBackend, type EmbeddedOptions } from './services/embeddedBackend.js';
import { MailboxSetupStore, type SecretSealer } from './services/mailboxSetup.js';
import { SettingsStore } from './services/settingsStore.js';
import { agentLanguage, processLanguages } from './services/mainTexts.js';
import { ExportJobs } from './services/exportJobs.js';
import type { ChooseSavePath } from './services/saveTarget.js';
import type { ConsoleLanguage } from '../src-shared/consoleApi.js';

export interface ConsoleDeps {
  /** The console's own data folder (settings, and the embedded backend's data). */
  dataDir: string;
  /** How to run the embedded backend. */
  embedded: Omit<EmbeddedOptions, 'dataDir'>;
  /** Asks where to save a file (Electron: a save dialog). */
  chooseSavePath: ChooseSavePath;
  /** Opens a file's folder with the file selected (Electron's shell); none in the Chromium shell. */
  revealFile?: (file: string) => void;
  /** Shows a desktop notification (Electron's Notification); none where the shell has no such thing. */
  notify?: (notice: DeskNotice) => void;
  /** Seals the mailbox passwords (Electron: safeStorage when the system has a keychain); without one, a file only this user may read. */
  sealer?: SecretSealer;
  /** Called after the agent chose another language in Settings. */
  onLanguageChange?: () => void;
  /** The computer's preferred languages (Electron asks the system); the process locale when not given. */
  systemLanguages?: () => readonly string[];
  /** How often main looks at the live work (escalations, alerts, the agent's re-enrolments). */
  liveWorkIntervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface ConsoleCore {
  invoke: Invoker;
  connection: DeskConnection;
  /** The agent's language, for what main writes itself (menu, notifications). */
  language(): ConsoleLanguage;
  /** Main's events for the page (live work); each shell delivers them its own way. Returns the unsubscribe. */
  onDeskEvent(listener: DeskEventListener): () => void;
  stop(): Promise<void>;
}

export function setupConsole(deps: ConsoleDeps): ConsoleCore {
  const log = deps.log ?? (() => {});
  const settings = new SettingsStore(deps.dataDir, log);
  const mailboxes = new MailboxSetupStore(deps.dataDir, deps.sealer, log);
  // The computer's languages, read once at start for main's own texts and for the page (through the status).
  const systemLanguages = deps.systemLanguages?.() ?? processLanguages();
  const connection = new DeskConnection({
    settings,
    systemLanguage: agentLanguage(null, systemLanguages),
    startEmbedded: () =>
      startEmbeddedBackend({ ...deps.embedded, dataDir: path.join(deps.dataDir, 'embedded-backend'), env: mailboxes.backendEnv() }),
    ...(deps.onLanguageChange ? { onLanguageChange: deps.onLanguageChange } : {}),
    log,
  });
  const language = () => agentLanguage(settings.get().language, systemLanguages);
  const listeners = new Set<DeskEventListener>();
  const live = new LiveWorkWatch({
    connection,
    publish: (event) => listeners.forEach((listener) => listener(event)),
    notify: deps.notify ?? (() => {}),
    notificationsOn: () => settings.get().notifications,
    language,
    ...(deps.liveWorkIntervalMs ? { intervalMs: deps.liveWorkIntervalMs } : {}),
    log,
  });
  live.start();
  const invoke = createInvoker(
    createHandlers(
      connection,
      { chooseSavePath: deps.chooseSavePath, jobs: new ExportJobs(), ...(deps.revealFile ? { revealFile: deps.revealFile } : {}) },
      live,
      mailboxes,
    ),
    log,
  );
  return {
    invoke,
    connection,
    language,
    onDeskEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async stop() {
      live.stop();
      await connection.disconnect();
    },
  };
}
