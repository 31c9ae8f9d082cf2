/**
 * `/readyz`: 200 when this instance can serve (store/readiness.ts), else 503 problem+json saying why.
 * `/healthz` stays the liveness check (the process answers at all); a load balancer or orchestrator
 * routes by /readyz, so an instance whose database is gone is taken out instead of failing requests.
 */
import fastifyPlugin from 'fastify-plugin';
import { storeReadiness } from '../store/readiness.js';
import type { Store } from '../store/openStore.js';
import type { MailboxStatus } from '../../src-shared/intakeApi.js';
import { sendProblem } from './errorHandler.js';

export const readinessPlugin = fastifyPlugin<{ store: Store; mailboxes: () => MailboxStatus[] }>(
  (app, { store, mailboxes }, done) => {
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const readiness = await storeReadiness(store);
      // A mailbox that cannot be read is shown, not a reason to take the instance out: the rest still serves.
      if (readiness.ready) return { ready: true, mailboxes: mailboxes() };
      return sendProblem(reply, { status: 503, code: readiness.code, title: 'Not ready', detail: readiness.detail });
    });
    done();
  },
  { name: 'readiness' },
);
