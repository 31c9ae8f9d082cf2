/**
 * The embedded default: the reference backend started as a separate local process on a free loopback
 * port, with its data in the console's data folder, seeded with the demo organisation on first run.
 * The console then talks to it over HTTP exactly as it would to a remote backend.
 *
 * Native modules: better-sqlite3 and argon2 are built for one runtime. In a development install that is
 * the Node.js that built them, so the backend runs under that Node (npm_node_execpath, or `node` on PATH;
 * MFA_DESK_NODE overrides it). The installed app rebuilt them for Electron, and runs the backend in an
 * Electron utility process. The caller chooses by passing a launcher (backendLauncher.ts).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { parseRecord } from '../../src-shared/narrowing.js';
import { nodeLauncher, type BackendLauncher, type BackendProcess } from './backendLauncher.js';
import { ConsoleError } from './consoleError.js';

export interface EmbeddedBackend {
  url: string;
  dataDir: string;
  /** The demo admin's session the backend opened at start, for the console to take over once. */
  bootstrapToken: string | null;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The built server entry (out/main/server.js) or the TypeScript source when run through tsx. */
  serverEntry: string;
  dataDir: string;
  /** How to start it; without one, a Node.js child with `nodeBinary` and `nodeArgs`. */
  launcher?: BackendLauncher;
  nodeBinary?: string;
  nodeArgs?: string[];
  startTimeoutMs?: number;
  /** Backend settings of the console's own (the mailboxes entered in Settings); undefined unsets one. */
  env?: Record<string, string | undefined>;
}

/**
 * The backend's command line. The public URL (the base of links in e-mails) is set explicitly to the
 * loopback address it listens on, so no request header could ever stand in for it.
 */
export function embeddedServerArgs(dataDir: string, port: number): string[] {
  return [
    '--demo',
    // The backend signs the demo admin in itself and hands the console that session on its start line:
    // main never needs the demo admin's password or TOTP secret.
    '--bootstrap-session',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--public-url',
    `http://127.0.0.1:${port}`,
    '--data',
    dataDir,
    '--log-level',
    'warn',
  ];
}

/** A loopback port free right now: the backend needs its port up front to name its own public URL. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No loopback port could be reserved.')),
      );
    });
  });
}

export async function startEmbeddedBackend(options: EmbeddedOptions): Promise<EmbeddedBackend> {
  if (!existsSync(options.serverEntry))
    throw new ConsoleError('embedded_missing', `The built backend is missing (${options.serverEntry}). Run npm run build.`);
  const launcher = options.launcher ?? nodeLauncher(options.nodeBinary, options.nodeArgs);
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...options.env }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'ELECTRON_RUN_AS_NODE',
    ),
  );
  // Another program may take the probed port before the backend binds it; then a new port is tried.
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const child = launcher.start(options.serverEntry, embeddedServerArgs(options.dataDir, port), env);
    try {
      const { url, bootstrapToken } = await waitForListening(child, options.startTimeoutMs ?? 60_000);
      return { url, bootstrapToken, dataDir: options.dataDir, stop: () => stopChild(child) };
    } catch (error) {
      if (attempt < 3 && error instanceof ConsoleError && error.message.includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

interface StartLine {
  url: string;
  bootstrapToken: string | null;
}

function waitForListening(child: BackendProcess, timeoutMs: number): Promise<StartLine> {
  const { stdout } = child;
  if (!stdout) return Promise.reject(new ConsoleError('embedded_failed', 'The built-in backend was started without its output.'));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new ConsoleError('embedded_timeout', 'The built-in backend did not start in time.'));
    }, timeoutMs);
    createInterface({ input: stdout }).on('line', (line) => {
      try {
        const { listening, bootstrapToken } = parseRecord(line);
        if (typeof listening === 'string') {
          clearTimeout(timer);
          resolve({ url: listening, bootstrapToken: typeof bootstrapToken === 'string' ? bootstrapToken : null });
        }
      } catch {
        // Not the announcement line.
      }
    });
    child.onExit((code) => {
      clearTimeout(timer);
      reject(
        new ConsoleError(
          'embedded_failed',
          `The built-in backend stopped (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
        ),
      );
    });
    child.onStartFailure((error) => {
      clearTimeout(timer);
      reject(new ConsoleError('embedded_failed', `The built-in backend could not be started: ${error.message}`));
    });
  });
}

function stopChild(child: BackendProcess): Promise<void> {
  if (child.exited()) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill(), 5000);
    child.onExit(() => {
      clearTimeout(force);
      resolve();
    });
    child.stop();
  });
}
