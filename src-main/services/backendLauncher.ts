/**
 * How the embedded backend's process is started. The console passes this in (setupConsole's
 * `embedded.launcher`), because the right way depends on where it runs:
 *   - a Node.js child (this file): `npm start`, the Chromium shell and the tests, where the native
 *     modules are built for the Node that ran `npm install`;
 *   - an Electron utility process (src-main/desktop/utilityLauncher.ts): the installed app, whose native
 *     modules were rebuilt for Electron at packaging time and which has no Node.js of its own.
 * Either way the backend prints its `{"listening": …}` line on stdout and stops on SIGTERM.
 */
import { consoleSetting } from '../environment.js';
import { spawn } from 'node:child_process';

/** A started backend, whichever way it was started. */
export interface BackendProcess {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** True once the process has ended. */
  exited(): boolean;
  /** Called once when it ends, with its exit code (null when a signal ended it). */
  onExit(listener: (code: number | null) => void): void;
  /** Called when it could not be started at all. */
  onStartFailure(listener: (error: Error) => void): void;
  /** Asks it to stop (the backend closes its database first). */
  stop(): void;
  /** Ends it now: for a backend that ignored stop(). */
  kill(): void;
}

export interface BackendLauncher {
  start(entry: string, args: readonly string[], env: NodeJS.ProcessEnv): BackendProcess;
}

export function defaultNodeBinary(env: NodeJS.ProcessEnv = process.env): string {
  return consoleSetting('node', env) ?? env['npm_node_execpath'] ?? 'node';
}

/** Runs the backend under a Node.js binary (MFA_DESK_NODE, the npm that started us, or `node` on PATH). */
export function nodeLauncher(nodeBinary: string = defaultNodeBinary(), nodeArgs: readonly string[] = []): BackendLauncher {
  return {
    start(entry, args, env) {
      // stdin stays open as a lifeline: if the console dies without stopping it, the backend sees the pipe
      // close and exits (--exit-with-parent).
      const child = spawn(nodeBinary, [...nodeArgs, entry, '--exit-with-parent', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
      return {
        stdout: child.stdout,
        stderr: child.stderr,
        exited: () => child.exitCode !== null || child.signalCode !== null,
        onExit: (listener) => void child.once('exit', (code) => listener(code)),
        onStartFailure: (listener) => void child.once('error', listener),
        stop: () => void child.kill('SIGTERM'),
        kill: () => void child.kill('SIGKILL'),
      };
    },
  };
}
