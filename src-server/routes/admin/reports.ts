import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Problem } from '../../../src-shared/api.js';
import { GapPage, GapQuery, MfaReport } from '../../../src-shared/auditApi.js';
import { mfaReport } from '../../domain/mfaReport.js';
import { reportGaps } from '../../domain/reportGaps.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

export const reportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/reports/mfa',
    {
      schema: {
        tags: ['audit'],
        summary: 'Organisation MFA report: states, departments, domains, locks, resets, support disables, agents, coverage over 90 days',
        response: { 200: MfaReport, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'reports.read');
      return mfaReport(deps.store.db, deps.clock.now());
    },
  );

  app.get(
    '/admin/v1/reports/mfa/gaps',
    {
      schema: {
        tags: ['audit'],
        summary: 'The accounts behind a gap: without MFA, awaiting confirmation, locked, or with a reset link that expired unused',
        querystring: GapQuery,
        response: { 200: GapPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'reports.read');
      return reportGaps(deps.store.db, request.query, deps.clock.now());
    },
  );
};
