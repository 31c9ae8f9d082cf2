import type { FastifyPluginAsync } from 'fastify';
import { clockCheck } from '../../domain/reset/clockCheck.js';
import { cancelTicket, currentTicket, getTicket, resendTicket, startReset, waitForTicket } from '../../domain/reset/tickets.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const resetRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  // Links in e-mails come from configuration only (see domain/linkBase.ts): a request's Host never steers them.
  const linkBase = () => deps.links.url;

  operationRoute(app, 'reset.start', async ({ accountId, idempotencyKey, ...body }, request) =>
    startReset(deps.tickets, accountId, agentOf(request).agent, body, linkBase(), idempotencyKey),
  );

  operationRoute(app, 'reset.current', async ({ accountId }) => ({ ticket: await currentTicket(deps.tickets, accountId) }));

  operationRoute(app, 'reset.watch', async ({ ticketId, after, waitSeconds }, request) => {
    if (after === undefined || !waitSeconds) return getTicket(deps.tickets, ticketId);
    const abort = new AbortController();
    request.raw.once('close', () => abort.abort());
    return waitForTicket(deps.tickets, ticketId, after, waitSeconds, abort.signal);
  });

  operationRoute(app, 'reset.cancel', async ({ ticketId }, request) => cancelTicket(deps.tickets, ticketId, agentOf(request).agent));

  operationRoute(app, 'reset.resend', async ({ ticketId }, request) =>
    resendTicket(deps.tickets, ticketId, agentOf(request).agent, linkBase()),
  );

  operationRoute(app, 'reset.clockCheck', async ({ accountId, code }, request) =>
    clockCheck(deps.store.db, deps.box, accountId, agentOf(request).agent, code, deps.clock.now(), deps.clockCheckWindowMinutes),
  );
};
