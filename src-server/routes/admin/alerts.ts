import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Problem } from '../../../src-shared/api.js';
import { AlertList } from '../../../src-shared/auditApi.js';
import { currentAlerts } from '../../domain/alerts.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

export const alertRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/alerts',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Alerts: an agent’s disables or resets far above their normal, repeated replays or lockouts, failed sign-ins after a reset',
        response: { 200: AlertList, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'alerts.read');
      const now = deps.clock.now();
      return { generatedAt: now.toISOString(), items: await currentAlerts(deps.store.db, now) };
    },
  );
};
