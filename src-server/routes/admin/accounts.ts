import type { FastifyPluginAsync } from 'fastify';
import { accountEvents, createAccount, getAccount } from '../../domain/accounts/accounts.js';
import { searchAccounts } from '../../domain/accounts/search.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';
import { agentActor } from '../../domain/audit/chain.js';

export const adminAccountRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'accounts.search', async (query) => searchAccounts(deps.store.db, query, deps.clock.now()));

  operationRoute(app, 'accounts.create', async (body, request) => {
    const { agent } = agentOf(request);
    return createAccount(deps.store.db, body, { ...agentActor(agent) }, deps.clock.now());
  });

  operationRoute(app, 'accounts.get', async ({ id }) => getAccount(deps.store.db, id, deps.clock.now()));

  operationRoute(app, 'accounts.events', async ({ id, ...page }) => accountEvents(deps.store.db, id, page));
};
