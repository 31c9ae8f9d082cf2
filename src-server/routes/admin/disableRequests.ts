import type { FastifyPluginCallback } from 'fastify';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits.js';
import { findAccountRow } from '../../domain/accounts/accounts.js';
import { NotAMessageError } from '../../domain/disable/request/index.js';
import { decideEscalation, escalateDisable, listEscalations } from '../../domain/disable/escalations.js';
import { disableWithVerifiedRequest } from '../../domain/disable/disableMfa.js';
import { DeskProblem } from '../../domain/platform/problems.js';
import { checkerOf, checkRequestMessage, findDisableRequest, recordTypedSender, toDisableRequest } from '../../domain/disable/evidence.js';
import { agentOf } from '../../plugins/authentication.js';
import { operationRoute } from '../operationRoute.js';
import type { AppDeps } from '../../appDeps.js';

/** The typed-sender body, checked by hand: the route parses its body itself (an e-mail or JSON). */
function typedSender(body: unknown): string {
  if (typeof body === 'object' && body !== null && Object.keys(body).length === 1 && 'senderAddress' in body) {
    const address = body.senderAddress;
    if (typeof address === 'string' && address.length >= 3 && address.length <= 254) return address;
  }
  throw new DeskProblem(400, 'invalid_request', 'Send the raw e-mail as message/rfc822, or {"senderAddress": "…"} as JSON.');
}

export const disableRequestRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  // One route for both ways to check a request (the console's checkMessage and checkTypedSender).
  operationRoute(
    app,
    'disableRequests.checkTypedSender',
    async ({ accountId }, request) => {
      const { agent } = agentOf(request);
      const account = await findAccountRow(deps.store.db, accountId);
      const now = deps.clock.now();
      const body: unknown = request.body;
      if (Buffer.isBuffer(body)) {
        try {
          return await checkRequestMessage(deps.store.db, deps.evidence, account, body, checkerOf(agent), now);
        } catch (error) {
          if (error instanceof NotAMessageError) throw new DeskProblem(422, error.code, error.message);
          throw error;
        }
      }
      return recordTypedSender(deps.store.db, deps.evidence, account, typedSender(body), agent, now);
    },
    { ownBody: { bodyLimit: MAX_MESSAGE_BYTES } },
  );

  operationRoute(app, 'disableRequests.get', async ({ accountId, requestId }) =>
    toDisableRequest(await findDisableRequest(deps.store.db, accountId, requestId), deps.evidence),
  );

  operationRoute(app, 'mfa.disable', async ({ accountId, idempotencyKey, ...body }, request) =>
    disableWithVerifiedRequest(deps.disable, accountId, agentOf(request).agent, body, idempotencyKey),
  );

  operationRoute(app, 'escalations.create', async ({ accountId, ...body }, request) =>
    escalateDisable(deps.disable, accountId, agentOf(request).agent, body),
  );

  operationRoute(app, 'escalations.list', async (query) => listEscalations(deps.disable, query));

  operationRoute(app, 'escalations.decide', async ({ id, idempotencyKey, ...body }, request) =>
    decideEscalation(deps.disable, id, agentOf(request).agent, body, idempotencyKey),
  );
  done();
};
