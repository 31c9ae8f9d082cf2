import type { FastifyPluginAsync } from 'fastify';
import { subjectAccessExport } from '../../domain/accounts/subjectAccess.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const subjectAccessRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'subjectAccess.export', async ({ accountId }, request, reply) => {
    const body = await subjectAccessExport(deps.store.db, accountId, agentOf(request).agent, deps.clock.now());
    reply.header('content-disposition', `attachment; filename="subject-access-${accountId}.json"`).header('cache-control', 'no-store');
    return body;
  });
};
