import type { FastifyPluginAsync } from 'fastify';
import { listNotifications } from '../../domain/mail/notifications.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const outboxRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'outbox.list', async (query) => listNotifications(deps.store.db, query));
};
