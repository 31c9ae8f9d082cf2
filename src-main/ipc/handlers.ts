/** The handler table: what each IPC operation does, in terms of the backend connection. */
import type { DeskConnection } from '../services/deskConnection.js';
import type { HandlerTable } from './invoker.js';

export function createHandlers(connection: DeskConnection): HandlerTable {
  return {
    'app.status': async () => {
      await connection.connect();
      return connection.status();
    },
    'settings.setBackend': (choice) => connection.setBackend(choice),
    'session.signIn': (input) => connection.signIn(input),
    'session.signOut': () => connection.signOut(),
    'accounts.search': (query) => connection.call((c) => c.searchAccounts(query)),
    'accounts.get': ({ id }) => connection.call((c) => c.getAccount(id)),
    'accounts.events': ({ id, cursor, limit }) => connection.call((c) => c.accountEvents(id, { cursor, limit })),
  };
}
