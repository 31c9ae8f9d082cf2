import type { FastifyPluginAsync } from 'fastify';
import { claimIncoming, countIncoming, getIncoming, listIncoming, releaseIncoming, replyToIncoming } from '../../domain/intake/incoming.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const incomingRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'incoming.list', async (query) => listIncoming(deps.incoming, query));
  operationRoute(app, 'incoming.count', async () => countIncoming(deps.incoming));
  operationRoute(app, 'incoming.get', async ({ id }) => getIncoming(deps.incoming, id));
  operationRoute(app, 'incoming.claim', async ({ id }, request) => claimIncoming(deps.incoming, id, agentOf(request).agent));
  operationRoute(app, 'incoming.release', async ({ id }, request) => releaseIncoming(deps.incoming, id, agentOf(request).agent));
  operationRoute(app, 'incoming.reply', async ({ id, template }, request) =>
    replyToIncoming(deps.incoming, id, agentOf(request).agent, template),
  );
  operationRoute(app, 'intake.status', async () => ({ mailboxes: deps.intake.status() }));
};
