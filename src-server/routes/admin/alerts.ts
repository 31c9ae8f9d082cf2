import type { FastifyPluginAsync } from 'fastify';
import { currentAlerts } from '../../domain/alerts.js';
import { operationRoute } from '../../plugins/operationRoutes.js';
import type { AppDeps } from '../../app.js';

export const alertRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'alerts.list', async () => {
    const now = deps.clock.now();
    return { generatedAt: now.toISOString(), items: await currentAlerts(deps.store.db, now) };
  });
};
