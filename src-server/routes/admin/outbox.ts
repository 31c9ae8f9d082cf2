import type { FastifyPluginCallback } from 'fastify';
import { toNotification } from '../../domain/mail/notifications.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const outboxRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'outbox.list', async (query) => {
    let builder = deps.store.db.selectFrom('outbox').selectAll();
    if (query.accountId) builder = builder.where('accountId', '=', query.accountId);
    const rows = await builder
      .orderBy('createdAt', 'desc')
      .limit(query.limit ?? 50)
      .execute();
    return { items: rows.map(toNotification), nextCursor: null };
  });
  done();
};
