/** Builds the backend's Fastify app: plugins, then routes. Tests `inject` into it; server.ts listens. */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './appDeps.js';
import { answerConnectionError, answerFrameworkError, problemsPlugin } from './plugins/errorHandler.js';
import { accessPlugin } from './plugins/authentication.js';
import { readinessPlugin } from './plugins/readiness.js';
import { requestIdFor, requestIdsPlugin } from './plugins/requestIds.js';
import { auditChainingPlugin } from './plugins/auditChaining.js';
import { adminAccountRoutes } from './routes/admin/accounts.js';
import { adminSessionRoutes } from './routes/admin/sessions.js';
import { userAuthRoutes } from './routes/user/auth.js';
import { userMeRoutes } from './routes/user/me.js';
import { disableRequestRoutes } from './routes/admin/disableRequests.js';
import { outboxRoutes } from './routes/admin/outbox.js';
import { auditRoutes } from './routes/admin/audit.js';
import { reportRoutes } from './routes/admin/reports.js';
import { agentAdminRoutes } from './routes/admin/agents.js';
import { subjectAccessRoutes } from './routes/admin/subjectAccess.js';
import { alertRoutes } from './routes/admin/alerts.js';
import { resetRoutes } from './routes/admin/reset.js';
import { ticketRoutes } from './routes/user/tickets.js';
import { userPageRoutes } from './routes/user/pages.js';
import { incomingRoutes } from './routes/admin/incoming.js';

export async function buildApp(deps: AppDeps, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    // Errors raised before any route (a bad path, bytes that are not HTTP) answer problem+json too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerConnectionError,
    requestIdHeader: false,
    genReqId: requestIdFor,
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(requestIdsPlugin);
  await app.register(auditChainingPlugin, { store: deps.store, chainer: deps.auditChainer });
  await app.register(problemsPlugin);
  await app.register(accessPlugin, deps);
  // The mailbox readers stop before the check workers they use.
  app.addHook('onReady', (done) => {
    deps.intake.start();
    done();
  });
  app.addHook('onClose', () => deps.intake.stop());
  app.addHook('onClose', () => deps.evidence.messageChecks.close());
  // Without a configured public URL, links name the address this server listens on (never a request's Host).
  app.addHook('onListen', (done) => {
    deps.links.listening(app.server.address());
    done();
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MFA Desk API',
        version: '1',
        description: 'TOTP MFA service and support console API. Errors are application/problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  app.get('/healthz', { schema: { hide: true } }, () => ({ ok: true }));
  await app.register(readinessPlugin, { store: deps.store, mailboxes: () => deps.intake.status() });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(adminSessionRoutes, deps);
  await app.register(adminAccountRoutes, deps);
  await app.register(userAuthRoutes, deps);
  await app.register(userMeRoutes, deps);
  await app.register(disableRequestRoutes, deps);
  await app.register(outboxRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(agentAdminRoutes, deps);
  await app.register(subjectAccessRoutes, deps);
  await app.register(alertRoutes, deps);
  await app.register(resetRoutes, deps);
  await app.register(ticketRoutes, deps);
  await app.register(userPageRoutes, deps);
  await app.register(incomingRoutes, deps);
  return app;
}
