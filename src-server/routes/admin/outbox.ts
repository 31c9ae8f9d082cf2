import type { FastifyPluginCallback } from 'fastify';
import { listNotifications, toNotification } from '../../domain/mail/notifications.js';
import { retryFailedNotification } from '../../domain/mail/outboxRetry.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const outboxRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'outbox.list', async (query) => listNotifications(deps.store.db, query));

  operationRoute(app, 'outbox.retry', async ({ emailId }, request) =>
    toNotification(
      await retryFailedNotification(deps.store.db, deps.disable.mailer, emailId, agentOf(request).agent, () => deps.clock.now()),
    ),
  );
  done();
};
