import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Problem } from '../../../src-shared/api.js';
import {
  AgentInvited,
  AgentMfaReset,
  AgentMfaResetDone,
  AgentUpdate,
  InviteAgent,
  ManagedAgent,
  ManagedAgentPage,
} from '../../../src-shared/auditApi.js';
import { inviteAgent, listAgents, resetAgentMfa, updateAgent, type AgentAdminDeps } from '../../domain/agentAdmin.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export const agentAdminRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const admin: AgentAdminDeps = { db: deps.store.db, box: deps.box, issuer: deps.config.issuer };

  app.get(
    '/admin/v1/agents',
    { schema: { tags: ['agents'], summary: 'The console’s agents (admin)', response: { 200: ManagedAgentPage, ...refusals } } },
    async (request) => {
      await requireAgent(deps, request, 'agents.manage');
      return { items: await listAgents(deps.store.db), nextCursor: null };
    },
  );

  app.post(
    '/admin/v1/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'Invite an agent: a one-time password and a TOTP QR code for them, shown once (admin)',
        body: InviteAgent,
        response: { 201: AgentInvited, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'agents.manage');
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await inviteAgent(admin, agent, request.body, deps.clock.now()));
    },
  );

  app.patch(
    '/admin/v1/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Change an agent’s role, disable or re-enable them (admin, never yourself)',
        params: IdParams,
        body: AgentUpdate,
        response: { 200: ManagedAgent, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'agents.manage');
      return updateAgent(admin, agent, request.params.id, request.body, deps.clock.now());
    },
  );

  app.post(
    '/admin/v1/agents/:id/mfa/reset',
    {
      schema: {
        tags: ['agents'],
        summary: 'Reset an agent’s MFA: a new TOTP secret, every session ended (admin, never your own)',
        params: IdParams,
        body: AgentMfaReset,
        response: { 200: AgentMfaResetDone, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'agents.manage');
      return reply
        .header('cache-control', 'no-store')
        .send(await resetAgentMfa(admin, agent, request.params.id, request.body, deps.clock.now()));
    },
  );
};
