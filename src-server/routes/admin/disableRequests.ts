import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  DisableMfa,
  DisableRequest,
  Escalation,
  EscalationDecision,
  EscalationPage,
  EscalationQuery,
  IdParams,
  IdempotencyHeaders,
  MfaDisabled,
  NewEscalation,
  Problem,
} from '../../../src-shared/api.js';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits.js';
import { findAccountRow } from '../../domain/accounts.js';
import { NotAMessageError } from '../../domain/disableRequest/index.js';
import { decideEscalation, escalateDisable, listEscalations } from '../../domain/escalations.js';
import { disableWithVerifiedRequest } from '../../domain/mfaDisable.js';
import { DeskProblem } from '../../domain/problems.js';
import { checkRequestMessage, findDisableRequest, recordTypedSender, toDisableRequest } from '../../domain/supportEvidence.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 422: Problem };

export const disableRequestRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/admin/v1/accounts/:id/disable-requests',
    {
      bodyLimit: MAX_MESSAGE_BYTES,
      schema: {
        tags: ['disable MFA'],
        summary: 'Check a disable request: the raw e-mail (message/rfc822), or a typed sender address (JSON) when no e-mail exists',
        params: IdParams,
        description: `Body: the raw RFC 5322 message as \`message/rfc822\` (at most ${MAX_MESSAGE_BYTES} bytes), or \`{"senderAddress": "…"}\` as JSON when no e-mail exists (never better than unauthenticated).`,
        response: { 201: DisableRequest, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'disableRequests.check');
      const account = await findAccountRow(deps.store.db, request.params.id);
      const now = deps.clock.now();
      const body: unknown = request.body;
      if (Buffer.isBuffer(body)) {
        try {
          return reply.status(201).send(await checkRequestMessage(deps.store.db, deps.evidence, account, body, agent, now));
        } catch (error) {
          if (error instanceof NotAMessageError) throw new DeskProblem(422, error.code, error.message);
          throw error;
        }
      }
      const typed = body as { senderAddress?: unknown } | null;
      if (
        !typed ||
        typeof typed.senderAddress !== 'string' ||
        typed.senderAddress.length < 3 ||
        typed.senderAddress.length > 254 ||
        Object.keys(typed).length !== 1
      ) {
        throw new DeskProblem(400, 'invalid_request', 'Send the raw e-mail as message/rfc822, or {"senderAddress": "…"} as JSON.');
      }
      return reply.status(201).send(await recordTypedSender(deps.store.db, deps.evidence, account, typed.senderAddress, agent, now));
    },
  );

  app.get(
    '/admin/v1/accounts/:id/disable-requests/:requestId',
    {
      schema: {
        tags: ['disable MFA'],
        summary: 'One checked request',
        params: Type.Object({ id: IdParams.properties.id, requestId: IdParams.properties.id }),
        response: { 200: DisableRequest, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return toDisableRequest(await findDisableRequest(deps.store.db, request.params.id, request.params.requestId), deps.evidence);
    },
  );

  app.post(
    '/admin/v1/accounts/:id/mfa/disable',
    {
      schema: {
        tags: ['disable MFA'],
        summary: 'Disable MFA, citing a verified request (needs an Idempotency-Key)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: DisableMfa,
        response: { 200: MfaDisabled, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'mfa.disable');
      return disableWithVerifiedRequest(deps.disable, request.params.id, agent, request.body, request.headers['idempotency-key']);
    },
  );

  app.post(
    '/admin/v1/accounts/:id/mfa/disable-escalations',
    {
      schema: {
        tags: ['disable MFA'],
        summary: 'Escalate a request that is not verified to an admin (two-person rule)',
        params: IdParams,
        body: NewEscalation,
        response: { 201: Escalation, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'mfa.disable');
      return reply.status(201).send(await escalateDisable(deps.disable, request.params.id, agent, request.body));
    },
  );

  app.get(
    '/admin/v1/escalations',
    {
      schema: {
        tags: ['disable MFA'],
        summary: 'Escalations, newest first',
        querystring: EscalationQuery,
        response: { 200: EscalationPage, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return listEscalations(deps.disable, request.query);
    },
  );

  app.post(
    '/admin/v1/escalations/:id/decision',
    {
      schema: {
        tags: ['disable MFA'],
        summary: 'Approve or reject an escalation (admin, not the one who raised it)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: EscalationDecision,
        response: { 200: Escalation, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'escalations.decide');
      return decideEscalation(deps.disable, request.params.id, agent, request.body, request.headers['idempotency-key']);
    },
  );
};
