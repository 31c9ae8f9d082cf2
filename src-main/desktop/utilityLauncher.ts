/**
 * The installed app's way to run the embedded backend: an Electron utility process, Electron's own
 * Node.js, for which `npm run dist` rebuilt the native modules. The agent's machine needs no Node.js.
 * Electron-only and thin on purpose: everything else about the backend is in embeddedBackend.ts.
 */
import { utilityProcess } from 'electron';
import type { BackendLauncher } from '../services/backendLauncher.js';

export function utilityProcessLauncher(): BackendLauncher {
  return {
    start(entry, args, env) {
      // A utility process cannot take stdin, and needs no lifeline: Chromium ends it with the app. The
      // backend is therefore started without --exit-with-parent.
      const child = utilityProcess.fork(entry, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], serviceName: 'MFA Desk backend' });
      let exited = false;
      child.once('exit', () => {
        exited = true;
      });
      return {
        stdout: child.stdout,
        stderr: child.stderr,
        exited: () => exited,
        onExit: (listener) => void child.once('exit', (code) => listener(code)),
        // A utility process that cannot start reports it as its exit; there is no separate start error.
        onStartFailure: () => {},
        // SIGTERM on POSIX, which the backend answers by closing its database; Windows has only the hard way.
        stop: () => void child.kill(),
        kill: () => void child.kill(),
      };
    },
  };
}
