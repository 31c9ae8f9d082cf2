import type { FastifyPluginAsync } from 'fastify';
import { agentSignIn, changeAgentPassword } from '../../domain/agents.js';
import { agentActor, appendAudit } from '../../domain/audit.js';
import { revokeSession } from '../../domain/sessions.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../../plugins/operationRoutes.js';
import type { AppDeps } from '../../app.js';

export const adminSessionRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  // Each password check is admitted first: past the hashing capacity, 503 at once (passwordCapacity.ts).
  operationRoute(app, 'session.signIn', async (body) =>
    deps.passwords.admit((verify) => agentSignIn(deps.store.db, deps.box, verify, body, deps.clock.now())),
  );

  operationRoute(app, 'session.signOut', async (_input, request) => {
    const { agent, tokenHash } = agentOf(request);
    const now = deps.clock.now();
    await deps.store.db.transaction().execute(async (tx) => {
      await revokeSession(tx, tokenHash, now);
      await appendAudit(tx, { ...agentActor(agent), action: 'agent.logout' }, now);
    });
    return null;
  });

  operationRoute(app, 'session.me', async (_input, request) => agentOf(request).agent);

  operationRoute(app, 'session.changePassword', async (body, request) =>
    deps.passwords.admit((verify) => changeAgentPassword(deps.store.db, verify, agentOf(request).agent, body, deps.clock.now())),
  );
};
