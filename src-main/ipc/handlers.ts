/**
 * The handler table: what each IPC operation does. An operation the backend answers passes straight
 * through (the catalogue says how to call it); only the operations main completes with work of its
 * own — the connection and session, files — have a handler written here or in fileHandlers.ts.
 */
import { IPC_OPERATIONS, type IpcOperation } from '../../src-shared/ipc.js';
import { OPERATIONS } from '../../src-shared/operations.js';
import { ConsoleError } from '../services/consoleError.js';
import type { DeskConnection } from '../services/deskConnection.js';
import type { MailboxSetupStore } from '../services/mailboxSetup.js';
import type { LiveWorkWatch } from '../services/liveWork.js';
import type { HandlerTable, LocalOperation } from './invoker.js';
import { createFileHandlers, type FileDeps } from './fileHandlers.js';

type PassThrough = Exclude<IpcOperation, LocalOperation>;

const isPassThrough = (op: IpcOperation): op is PassThrough => !OPERATIONS[op].local;

function passThroughHandlers(connection: DeskConnection): Pick<HandlerTable, PassThrough> {
  const handlers = IPC_OPERATIONS.filter(isPassThrough).map((op) => [
    op,
    (input: never) => connection.call((client) => client.callOperation(op, input)),
  ]);
  // One entry per pass-through operation, each calling the backend with that operation's own input.
  return Object.fromEntries(handlers) as Pick<HandlerTable, PassThrough>;
}

/**
 * The mailboxes are the embedded backend's settings, changed by its admin: the same rule the Settings screen
 * shows, enforced here, where the backend's own role check cannot see it.
 */
function mayChangeMailboxes(connection: DeskConnection): void {
  const status = connection.status();
  if (status.mode !== 'embedded')
    throw new ConsoleError('mailbox_setup_remote', "A remote backend's mailboxes are set in its own configuration (MFA_DESK_MAILBOXES).", {
      status: 409,
    });
  if (status.agent?.role !== 'admin')
    throw new ConsoleError('forbidden', 'Only an admin may change the support mailboxes.', { status: 403 });
}

export function createHandlers(
  connection: DeskConnection,
  files: FileDeps,
  live: LiveWorkWatch,
  mailboxes: MailboxSetupStore,
): HandlerTable {
  const local: Pick<HandlerTable, LocalOperation> = {
    ...createFileHandlers(connection, files),
    // A pure read: connecting happens at start (and on reconnect); an attempt in flight is waited for.
    'app.status': async () => {
      await connection.settled();
      return connection.status();
    },
    'app.reconnect': async () => {
      await connection.connect();
      void live.lookNow();
      return connection.status();
    },
    // The page's first look (and a Retry): what main sees now, sent as an event too.
    'app.liveWork': () => live.lookNow(),
    'settings.setBackend': async (choice) => {
      const status = await connection.setBackend(choice);
      void live.lookNow();
      return status;
    },
    'settings.setLanguage': ({ language }) => connection.setLanguage(language),
    'settings.setNotifications': ({ enabled }) => connection.setNotifications(enabled),
    'settings.mailboxes': () => mailboxes.view(connection.status().mode === 'embedded'),
    // Saved only when valid, then the embedded backend restarts to read them.
    'settings.setMailboxes': async (input) => {
      mayChangeMailboxes(connection);
      mailboxes.save(input);
      await connection.restartEmbedded();
      void live.lookNow();
      return mailboxes.view(true);
    },
    'session.signIn': async (input) => {
      const status = await connection.signIn(input);
      void live.lookNow();
      return status;
    },
    'session.signOut': async () => {
      const status = await connection.signOut();
      void live.lookNow();
      return status;
    },
    'session.changePassword': (input) => connection.changePassword(input),
  };
  return { ...passThroughHandlers(connection), ...local };
}
