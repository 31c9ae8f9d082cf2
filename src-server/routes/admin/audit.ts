import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AuditEventPage, Problem } from '../../../src-shared/api.js';
import { AuditExportQuery, AuditQuery, AuditVerification } from '../../../src-shared/auditApi.js';
import { agentActor, appendAudit } from '../../domain/audit.js';
import { exportAuditLog } from '../../domain/auditExport.js';
import { listAuditEvents, verifyAuditChain } from '../../domain/auditLog.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem };
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

export const auditRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first; filter by actor id, account id, action and time',
        querystring: AuditQuery,
        response: { 200: AuditEventPage, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'audit.read');
      return listAuditEvents(deps.store.db, request.query);
    },
  );

  app.get(
    '/admin/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain: intact, or the first broken event',
        response: { 200: AuditVerification, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'audit.read');
      return verifyAuditChain(deps.store.db);
    },
  );

  app.get(
    '/admin/v1/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the (filtered) audit log as CSV or JSON Lines, streamed, with the chain hashes',
        description:
          'Rows are in chain order; `details` is the JSON text the hash covers. `X-Audit-Event-Count` gives the number of events for a progress bar. Verify offline with `npm run verify-audit -- <file>` (add `--partial` for a filtered export).',
        querystring: AuditExportQuery,
        response: { 200: Type.String({ description: 'text/csv or application/x-ndjson' }), ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'audit.export');
      const { format, ...filter } = request.query;
      const now = deps.clock.now();
      const exported = await exportAuditLog(deps.store.db, filter, format);
      // Who took a copy of the log, and of what, is itself part of the record.
      await appendAudit(
        deps.store.db,
        {
          ...agentActor(agent),
          action: 'audit.exported',
          details: { format, filter, events: exported.total, upToSeq: exported.upToSeq },
        },
        now,
      );
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      return (
        reply
          .type(CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="mfa-desk-audit-${stamp}.${format}"`)
          .header('x-audit-event-count', String(exported.total))
          .header('cache-control', 'no-store')
          // The stream is the text the 200 schema documents, sent in pieces; Fastify pipes it unserialised.
          .send(Readable.from(exported.lines) as unknown as string)
      );
    },
  );
};
