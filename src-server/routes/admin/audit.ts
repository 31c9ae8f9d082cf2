import { Readable } from 'node:stream';
import type { FastifyPluginCallback } from 'fastify';
import { exportAuditLogAs } from '../../domain/audit/export.js';
import { listAuditEvents, verifyAuditChain } from '../../domain/audit/log.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

export const auditRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'audit.list', async (query) => listAuditEvents(deps.store.db, query));

  operationRoute(app, 'audit.verify', async () => verifyAuditChain(deps.store.db));

  operationRoute(app, 'audit.exportStart', async (input, request, reply) => {
    const now = deps.clock.now();
    const exported = await exportAuditLogAs(deps.store.db, agentOf(request).agent, input, now);
    const { format } = input;
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return (
      reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="mfa-desk-audit-${stamp}.${format}"`)
        .header('x-audit-event-count', String(exported.total))
        .header('cache-control', 'no-store')
        // The stream is the text the 200 schema documents, sent in pieces; Fastify pipes it unserialised.
        // A byte stream, not an object stream, so it reads the next page only when the socket has drained.
        .send(Readable.from(exported.lines, { objectMode: false }))
    );
  });
  done();
};
