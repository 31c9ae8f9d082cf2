import type { FastifyPluginAsync } from 'fastify';
import { mfaReport } from '../../domain/mfaReport.js';
import { reportGaps } from '../../domain/reportGaps.js';
import { operationRoute } from '../../plugins/operationRoutes.js';
import type { AppDeps } from '../../app.js';

export const reportRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'reports.mfa', async () => mfaReport(deps.store.db, deps.clock.now()));

  operationRoute(app, 'reports.gaps', async (query) => reportGaps(deps.store.db, query, deps.clock.now()));
};
