import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Id, NotificationPage, Problem } from '../../../src-shared/api.js';
import { toNotification } from '../../domain/notifications.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

export const outboxRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'E-mails to users, newest first (with SMTP off this is where they wait)',
        querystring: Type.Object(
          { accountId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: NotificationPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      let builder = deps.store.db.selectFrom('outbox').selectAll();
      if (request.query.accountId) builder = builder.where('accountId', '=', request.query.accountId);
      const rows = await builder
        .orderBy('createdAt', 'desc')
        .limit(request.query.limit ?? 50)
        .execute();
      return { items: rows.map(toNotification), nextCursor: null };
    },
  );
};
