import type { FastifyPluginCallback } from 'fastify';
import { listNotifications } from '../../domain/mail/notifications.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const outboxRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'outbox.list', async (query) => listNotifications(deps.store.db, query));
  done();
};
