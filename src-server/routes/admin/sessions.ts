import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Agent, AgentSession, AgentSignIn, PasswordChange, Problem } from '../../../src-shared/api.js';
import { agentSignIn, changeAgentPassword } from '../../domain/agents.js';
import { agentActor, appendAudit } from '../../domain/audit.js';
import { revokeSession } from '../../domain/sessions.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

export const adminSessionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post(
    '/admin/v1/sessions',
    {
      schema: {
        tags: ['agents'],
        summary: 'Agent sign-in with password and the agent’s own TOTP code',
        body: AgentSignIn,
        response: { 201: AgentSession, 400: Problem, 401: Problem, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await agentSignIn(deps.store.db, deps.box, request.body, deps.clock.now());
      return reply.status(201).send(session);
    },
  );

  app.delete(
    '/admin/v1/sessions/current',
    { schema: { tags: ['agents'], summary: 'Sign out', response: { 204: Type.Null(), 401: Problem } } },
    async (request, reply) => {
      const { agent, tokenHash } = await requireAgent(deps, request);
      const now = deps.clock.now();
      await deps.store.db.transaction().execute(async (tx) => {
        await revokeSession(tx, tokenHash, now);
        await appendAudit(tx, { ...agentActor(agent), action: 'agent.logout' }, now);
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/v1/me',
    { schema: { tags: ['agents'], summary: 'The signed-in agent', response: { 200: Agent, 401: Problem } } },
    async (request) => (await requireAgent(deps, request)).agent,
  );

  app.post(
    '/admin/v1/me/password',
    {
      schema: {
        tags: ['agents'],
        summary: 'Replace your password (an invited agent must, before anything else)',
        body: PasswordChange,
        response: { 200: Agent, 400: Problem, 401: Problem, 422: Problem },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request);
      return changeAgentPassword(deps.store.db, agent, request.body, deps.clock.now());
    },
  );
};
