import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Problem } from '../../../src-shared/api.js';
import { SubjectAccessExport } from '../../../src-shared/auditApi.js';
import { subjectAccessExport } from '../../domain/subjectAccess.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

export const subjectAccessRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/accounts/:id/subject-access',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Everything held about one person, for a data-subject access request (admin); no secrets or hashes',
        params: IdParams,
        response: { 200: SubjectAccessExport, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'subjectAccess.export');
      const now = deps.clock.now();
      const body = await subjectAccessExport(deps.store.db, request.params.id, agent, now);
      return reply
        .header('content-disposition', `attachment; filename="subject-access-${request.params.id}.json"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
