/**
 * `/readyz`: 200 when this instance can serve (store/readiness.ts), else 503 problem+json saying why.
 * `/healthz` stays the liveness check (the process answers at all); a load balancer or orchestrator
 * routes by /readyz, so an instance whose database is gone is taken out instead of failing requests.
 */
import type { FastifyInstance } from 'fastify';
import { storeReadiness } from '../store/readiness.js';
import type { Store } from '../store/openStore.js';
import { sendProblem } from './problems.js';

export function registerReadiness(app: FastifyInstance, store: Store) {
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const readiness = await storeReadiness(store);
    if (readiness.ready) return { ready: true };
    return sendProblem(reply, { status: 503, code: readiness.code, title: 'Not ready', detail: readiness.detail });
  });
}
