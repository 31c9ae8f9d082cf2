import type { FastifyPluginAsync } from 'fastify';
import { toNotification } from '../../domain/notifications.js';
import { retryFailedNotification } from '../../domain/outboxRetry.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../../plugins/operationRoutes.js';
import type { AppDeps } from '../../app.js';

export const outboxRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'outbox.list', async (query) => {
    let builder = deps.store.db.selectFrom('outbox').selectAll();
    if (query.accountId) builder = builder.where('accountId', '=', query.accountId);
    const rows = await builder
      .orderBy('createdAt', 'desc')
      .limit(query.limit ?? 50)
      .execute();
    return { items: rows.map(toNotification), nextCursor: null };
  });

  operationRoute(app, 'outbox.retry', async ({ emailId }, request) =>
    toNotification(
      await retryFailedNotification(deps.store.db, deps.disable.mailer, emailId, agentOf(request).agent, () => deps.clock.now()),
    ),
  );
};
