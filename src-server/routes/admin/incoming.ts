import type { FastifyPluginCallback } from 'fastify';
import { claimIncoming, countIncoming, getIncoming, listIncoming, releaseIncoming, replyToIncoming } from '../../domain/intake/incoming.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const incomingRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'incoming.list', (query) => listIncoming(deps.incoming, query));
  operationRoute(app, 'incoming.count', () => countIncoming(deps.incoming));
  operationRoute(app, 'incoming.get', ({ id }) => getIncoming(deps.incoming, id));
  operationRoute(app, 'incoming.claim', ({ id }, request) => claimIncoming(deps.incoming, id, agentOf(request).agent));
  operationRoute(app, 'incoming.release', ({ id }, request) => releaseIncoming(deps.incoming, id, agentOf(request).agent));
  operationRoute(app, 'incoming.reply', ({ id, template, idempotencyKey }, request) =>
    replyToIncoming(deps.incoming, id, agentOf(request).agent, template, idempotencyKey),
  );
  operationRoute(app, 'intake.status', () => ({ mailboxes: deps.intake.status() }));
  done();
};
