/** The handler table: what each IPC operation does, in terms of the backend connection. */
import type { DeskConnection } from '../services/deskConnection.js';
import type { HandlerTable } from './invoker.js';
import { createAuditHandlers, type FileDeps } from './auditHandlers.js';

export function createHandlers(connection: DeskConnection, files: FileDeps): HandlerTable {
  return {
    ...createAuditHandlers(connection, files),
    'app.status': async () => {
      await connection.connect();
      return connection.status();
    },
    'settings.setBackend': (choice) => connection.setBackend(choice),
    'session.signIn': (input) => connection.signIn(input),
    'session.signOut': () => connection.signOut(),
    'session.changePassword': (input) => connection.changePassword(input),
    'accounts.search': (query) => connection.call((c) => c.searchAccounts(query)),
    'accounts.get': ({ id }) => connection.call((c) => c.getAccount(id)),
    'accounts.events': ({ id, cursor, limit }) => connection.call((c) => c.accountEvents(id, { cursor, limit })),
    'disableRequests.checkMessage': ({ accountId, rawBase64 }) =>
      connection.call((c) => c.checkDisableRequest(accountId, Buffer.from(rawBase64, 'base64'))),
    'disableRequests.checkTypedSender': ({ accountId, senderAddress }) =>
      connection.call((c) => c.checkTypedSender(accountId, senderAddress)),
    'mfa.disable': ({ accountId, idempotencyKey, requestId, reason, ticketRef }) =>
      connection.call((c) => c.disableMfa(accountId, { requestId, reason, ticketRef }, idempotencyKey)),
    'escalations.create': ({ accountId, ...body }) => connection.call((c) => c.escalate(accountId, body)),
    'escalations.list': (query) => connection.call((c) => c.escalations(query)),
    'escalations.decide': ({ id, idempotencyKey, approve, note }) =>
      connection.call((c) => c.decideEscalation(id, { approve, note }, idempotencyKey)),
    'outbox.list': (query) => connection.call((c) => c.outbox(query)),
    'reset.start': ({ accountId, idempotencyKey, ...body }) => connection.call((c) => c.startReset(accountId, body, idempotencyKey)),
    'reset.current': ({ accountId }) => connection.call((c) => c.currentReset(accountId)),
    'reset.watch': ({ ticketId, after, waitSeconds }) => connection.call((c) => c.watchReset(ticketId, after, waitSeconds)),
    'reset.cancel': ({ ticketId }) => connection.call((c) => c.cancelReset(ticketId)),
    'reset.resend': ({ ticketId }) => connection.call((c) => c.resendReset(ticketId)),
    'reset.clockCheck': ({ accountId, code }) => connection.call((c) => c.clockCheck(accountId, code)),
  };
}
