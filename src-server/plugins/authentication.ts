/** Bearer authentication for agents (with role checks) and end users; every rule is enforced here. */
import fastifyPlugin from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Agent } from '../../src-shared/api.js';
import { roleAllows, type Permission } from '../../src-shared/domain.js';
import type { Access } from '../../src-shared/operation.js';
import { authenticateAgent } from '../domain/agents/signIn.js';
import { DeskProblem, forbidden, unauthorized } from '../domain/platform/problems.js';
import { signedInUser } from '../domain/users/signIn.js';
import type { AccountsTable } from '../store/schema.js';
import type { AppDeps } from '../appDeps.js';

export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  if (!match) throw unauthorized();
  return match[1]!;
}

export interface AgentContext {
  agent: Agent;
  tokenHash: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (from its catalogue entry); the access hook enforces it. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in agent, set by the access hook on every route that is not public. */
    agentContext: AgentContext | null;
  }
}

/** The signed-in agent, refused with 403 unless their role holds `permission`. */
async function requireAgent(deps: AppDeps, request: FastifyRequest, permission?: Permission): Promise<AgentContext> {
  const context = await authenticateAgent(deps.store.db, bearerToken(request), deps.clock.now());
  // Routes without a permission are sign-out, who-am-I and the password change itself.
  if (permission && context.agent.mustChangePassword) {
    throw new DeskProblem(403, 'password_change_required', 'Choose your own password first: the one you were given works only once.');
  }
  if (permission && !roleAllows(context.agent.role, permission)) throw forbidden();
  return context;
}

/**
 * Declarative permissions: before a route's handler runs (after its input was validated, as before),
 * the agent is authenticated and checked against the route's `access`, and kept on the request.
 */
export const accessPlugin = fastifyPlugin<AppDeps>(
  async (app, deps) => {
    app.decorateRequest('agentContext', null);
    // Fail closed: an admin route registered without an access rule would be open to anyone, so it stops the start.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/admin/') && !route.config?.access) throw new Error(`${route.method} ${route.url} has no access rule`);
    });
    app.addHook('preHandler', async (request) => {
      const access = request.routeOptions.config.access;
      if (!access || access === 'public') return;
      request.agentContext = await requireAgent(deps, request, access === 'signedIn' ? undefined : access);
    });
  },
  { name: 'access' },
);

/** The agent the access hook let in; a route without an access rule has none. */
export function agentOf(request: FastifyRequest): AgentContext {
  if (!request.agentContext) throw unauthorized();
  return request.agentContext;
}

/** The signed-in end user (fully, past the MFA step), with their account row and session. */
export async function requireUser(deps: AppDeps, request: FastifyRequest): Promise<{ account: AccountsTable; tokenHash: string }> {
  return signedInUser(deps.store.db, bearerToken(request), deps.clock.now());
}
