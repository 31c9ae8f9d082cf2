/**
 * Wires the console's main-process features from their dependencies. Electron's index.ts calls this;
 * so does the end-to-end harness, which is why nothing here imports electron.
 */
import path from 'node:path';
import { createHandlers } from './ipc/handlers.js';
import { createInvoker, type Invoker } from './ipc/invoker.js';
import { DeskConnection } from './services/deskConnection.js';
import { startEmbeddedBackend, type EmbeddedOptions } from './services/embeddedBackend.js';
import { SettingsStore } from './services/settingsStore.js';
import { ExportJobs } from './services/exportJobs.js';
import type { ChooseSavePath } from './services/saveTarget.js';

export interface ConsoleDeps {
  /** The console's own data folder (settings, and the embedded backend's data). */
  dataDir: string;
  /** How to run the embedded backend. */
  embedded: Omit<EmbeddedOptions, 'dataDir'>;
  /** Asks where to save a file (Electron: a save dialog). */
  chooseSavePath: ChooseSavePath;
  log?: (message: string, error?: unknown) => void;
}

export interface ConsoleCore {
  invoke: Invoker;
  connection: DeskConnection;
  stop(): Promise<void>;
}

export function setupConsole(deps: ConsoleDeps): ConsoleCore {
  const log = deps.log ?? (() => {});
  const settings = new SettingsStore(deps.dataDir, log);
  const connection = new DeskConnection({
    settings,
    startEmbedded: () => startEmbeddedBackend({ ...deps.embedded, dataDir: path.join(deps.dataDir, 'embedded-backend') }),
    log,
  });
  const invoke = createInvoker(createHandlers(connection, { chooseSavePath: deps.chooseSavePath, jobs: new ExportJobs() }), log);
  return { invoke, connection, stop: () => connection.disconnect() };
}
