/** Builds the backend's Fastify app: plugins, then routes. Tests `inject` into it; server.ts listens. */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerConfig } from './config.js';
import type { Clock } from './domain/clock.js';
import type { SecretBox } from './domain/secretBox.js';
import { answerConnectionError, answerFrameworkError, registerProblemHandlers } from './plugins/problems.js';
import { enforceAccess } from './plugins/authentication.js';
import { registerReadiness } from './plugins/readiness.js';
import { echoRequestIds, requestIdFor } from './plugins/requestIds.js';
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
import { createMessageCheckPool } from './domain/messageCheck/checkPool.js';
import type { DisableDeps } from './domain/mfaDisable.js';
import { createSmtpMailer, type Mailer } from './domain/notifications.js';
import type { EvidenceSettings } from './domain/supportEvidence.js';
import type { TicketDeps } from './domain/enrollmentTickets.js';
import { createLinkBase, type LinkBase } from './domain/linkBase.js';
import { resetRoutes } from './routes/admin/reset.js';
import { ticketRoutes } from './routes/user/tickets.js';
import { userPageRoutes } from './routes/user/pages.js';
import { createPasswordCapacity, type PasswordCapacity } from './domain/passwordCapacity.js';
import type { Store } from './store/openStore.js';

export interface AppDeps {
  config: Pick<ServerConfig, 'issuer'>;
  store: Store;
  box: SecretBox;
  clock: Clock;
  evidence: EvidenceSettings;
  disable: DisableDeps;
  tickets: TicketDeps;
  clockCheckWindowMinutes: number;
  /** The base of links in e-mails: configuration only, never a request header. */
  links: LinkBase;
  /** Admission to argon2: every sign-in path's password check goes through it. */
  passwords: PasswordCapacity;
}

export interface CoreDeps {
  config: ServerConfig;
  store: Store;
  box: SecretBox;
  clock: Clock;
  /** Override for tests: an SMTP test receiver (tests point DNS at their server with MFA_DESK_DNS_SERVERS). */
  mailer?: Mailer | null;
}

/** Derives everything the routes need from the configuration. */
export function appDeps({ config, store, box, clock, mailer }: CoreDeps): AppDeps {
  const evidence: EvidenceSettings = {
    messageChecks: createMessageCheckPool({ dnsServers: config.dnsServers, budgetMs: config.mailCheckBudgetMs }),
    trustedAuthservIds: config.trustedAuthservIds,
    supportAddresses: config.supportAddresses,
    requestMaxAgeDays: config.requestMaxAgeDays,
    requestValidityHours: config.requestValidityHours,
    rawMessageRetentionDays: config.rawMessageRetentionDays,
  };
  const smtp = mailer !== undefined ? mailer : config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom, box) : null;
  const now = () => clock.now();
  return {
    config,
    store,
    box,
    clock,
    evidence,
    disable: { db: store.db, mailer: smtp, settings: evidence, now },
    tickets: {
      db: store.db,
      mailer: smtp,
      now,
      lifetimeHours: config.enrollmentTicketHours,
      box,
      signals: store.signals,
      watchRecheckMs: config.ticketWatchRecheckSeconds * 1000,
    },
    clockCheckWindowMinutes: config.clockCheckWindowMinutes,
    links: createLinkBase(config.publicUrl),
    passwords: createPasswordCapacity(),
  };
}

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
  echoRequestIds(app);

  registerProblemHandlers(app);
  enforceAccess(app, deps);
  app.addHook('onClose', () => deps.evidence.messageChecks.close());
  // Without a configured public URL, links name the address this server listens on (never a request's Host).
  app.addHook('onListen', async () => deps.links.listening(app.server.address()));
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

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  registerReadiness(app, deps.store);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

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
  await app.register(userPageRoutes);
  return app;
}
