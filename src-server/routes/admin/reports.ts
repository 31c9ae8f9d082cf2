import type { FastifyPluginAsync } from 'fastify';
import { mfaReport } from '../../domain/report/mfaReport.js';
import { reportGaps } from '../../domain/report/gaps.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const reportRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'reports.mfa', async () => mfaReport(deps.store.db, deps.clock.now()));

  operationRoute(app, 'reports.gaps', async (query) => reportGaps(deps.store.db, query, deps.clock.now()));
};
