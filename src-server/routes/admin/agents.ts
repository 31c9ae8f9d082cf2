import type { FastifyPluginAsync } from 'fastify';
import { inviteAgent, listAgents, resetAgentMfa, updateAgent, type AgentAdminDeps } from '../../domain/agents/admin.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

export const agentAdminRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const admin: AgentAdminDeps = { db: deps.store.db, box: deps.box, issuer: deps.config.issuer };

  operationRoute(app, 'agents.list', async () => ({ items: await listAgents(deps.store.db), nextCursor: null }));

  // The answer holds a one-time password and an authenticator key: no cache may keep it.
  operationRoute(app, 'agents.invite', async (body, request, reply) => {
    reply.header('cache-control', 'no-store');
    return inviteAgent(admin, agentOf(request).agent, body, deps.clock.now());
  });

  operationRoute(app, 'agents.update', async ({ id, ...body }, request) =>
    updateAgent(admin, agentOf(request).agent, id, body, deps.clock.now()),
  );

  operationRoute(app, 'agents.resetMfa', async ({ id, ...body }, request, reply) => {
    reply.header('cache-control', 'no-store');
    return resetAgentMfa(admin, agentOf(request).agent, id, body, deps.clock.now());
  });
};
