import type { FastifyPluginCallback } from 'fastify';
import { accountEvents, createAccount, getAccount } from '../../domain/accounts/accounts.js';
import { searchAccounts } from '../../domain/accounts/search.js';
import { unlockAccount } from '../../domain/accounts/unlock.js';
import { signInHistory } from '../../domain/users/signInHistory.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';
import { agentActor } from '../../domain/audit/chain.js';

export const adminAccountRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  operationRoute(app, 'accounts.search', async (query) =>
    deps.searches(query.q, () => searchAccounts(deps.store.db, query, deps.clock.now())),
  );

  operationRoute(app, 'accounts.create', async (body, request) => {
    const { agent } = agentOf(request);
    return createAccount(deps.store.db, body, { ...agentActor(agent) }, deps.clock.now());
  });

  operationRoute(app, 'accounts.get', async ({ id }) => getAccount(deps.store.db, id, deps.clock.now()));

  operationRoute(app, 'accounts.events', async ({ id, ...page }) => accountEvents(deps.store.db, id, page));

  operationRoute(app, 'accounts.signIns', async ({ id, ...page }) => signInHistory(deps.store.db, id, page));

  operationRoute(app, 'accounts.unlock', async ({ id, idempotencyKey, ...body }, request) =>
    unlockAccount(deps.store.db, id, agentOf(request).agent, body, idempotencyKey, deps.clock.now()),
  );
  done();
};
