import type { FastifyPluginAsync } from 'fastify';
import { currentAlerts } from '../../domain/report/alerts.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const alertRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'alerts.list', async () => {
    const now = deps.clock.now();
    return { generatedAt: now.toISOString(), items: await currentAlerts(deps.store.db, now) };
  });
};
