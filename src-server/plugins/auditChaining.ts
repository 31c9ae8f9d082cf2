/**
 * Before answering a request that recorded audit events, run the chaining step (domain/audit/chaining.ts),
 * so whatever a client sees acknowledged is already in the hash chain. A request that recorded nothing
 * (the store's append count did not move while it ran) answers without it. When chaining fails (the
 * database went away after the change committed), the answer still goes out: the change and its
 * pending event are committed, and the next chaining step, here or in any instance, links the event.
 */
import type { FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { AuditChainer } from '../domain/audit/chaining.js';
import type { Store } from '../store/openStore.js';

export const auditChainingPlugin = fastifyPlugin<{ store: Store; chainer: AuditChainer }>(
  (app, { store, chainer }, done) => {
    const appendsAtStart = new WeakMap<FastifyRequest, number>();
    app.addHook('onRequest', (request, _reply, done) => {
      appendsAtStart.set(request, store.auditAppends());
      done();
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (store.auditAppends() !== appendsAtStart.get(request)) {
        await chainer
          .settle()
          .catch((error: unknown) => request.log.warn({ err: error }, 'audit chaining failed; the next step links these events'));
      }
      return payload;
    });
    done();
  },
  { name: 'audit-chaining' },
);
