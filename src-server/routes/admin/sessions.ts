import type { FastifyPluginCallback } from 'fastify';
import { agentSignIn, agentSignOut, changeAgentPassword } from '../../domain/agents/signIn.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const adminSessionRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  // Each password check is admitted first: past the hashing capacity, 503 at once (passwordCapacity.ts).
  operationRoute(app, 'session.signIn', async (body) =>
    deps.passwords.admit((verify) => agentSignIn(deps.store.db, deps.box, verify, body, deps.clock.now())),
  );

  operationRoute(app, 'session.signOut', async (_input, request) => {
    const { agent, tokenHash } = agentOf(request);
    await agentSignOut(deps.store.db, agent, tokenHash, deps.clock.now());
    return null;
  });

  operationRoute(app, 'session.me', (_input, request) => agentOf(request).agent);

  operationRoute(app, 'session.changePassword', async (body, request) =>
    deps.passwords.admit((verify) => changeAgentPassword(deps.store.db, verify, agentOf(request).agent, body, deps.clock.now())),
  );
  done();
};
