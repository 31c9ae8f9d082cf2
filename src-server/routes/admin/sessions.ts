import type { FastifyPluginAsync } from 'fastify';
import { agentSignIn, agentSignOut, changeAgentPassword } from '../../domain/agents/signIn.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const adminSessionRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  operationRoute(app, 'session.signIn', async (body) => agentSignIn(deps.store.db, deps.box, body, deps.clock.now()));

  operationRoute(app, 'session.signOut', async (_input, request) => {
    const { agent, tokenHash } = agentOf(request);
    await agentSignOut(deps.store.db, agent, tokenHash, deps.clock.now());
    return null;
  });

  operationRoute(app, 'session.me', async (_input, request) => agentOf(request).agent);

  operationRoute(app, 'session.changePassword', async (body, request) =>
    changeAgentPassword(deps.store.db, agentOf(request).agent, body, deps.clock.now()),
  );
};
