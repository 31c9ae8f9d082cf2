import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Problem, UserLogin, UserLoginResult, UserMfa } from '../../../src-shared/api.js';
import Type from 'typebox';
import { revokeSession } from '../../domain/credentials/sessions.js';
import { userLogin, userMfa } from '../../domain/users/signIn.js';
import { requireUser } from '../../plugins/authentication.js';
import type { AppDeps } from '../../appDeps.js';

const refusals = { 400: Problem, 401: Problem, 409: Problem, 423: Problem, 429: Problem };

export const userAuthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags: ['end user'],
        summary: 'Sign in with e-mail and password',
        body: UserLogin,
        response: { 200: UserLoginResult, ...refusals },
      },
    },
    async (request) => userLogin(deps.store.db, request.body.email, request.body.password, deps.clock.now()),
  );
  app.post(
    '/v1/auth/mfa',
    {
      schema: {
        tags: ['end user'],
        summary: 'The 6-digit code after the password',
        body: UserMfa,
        response: { 200: UserLoginResult, ...refusals },
      },
    },
    async (request) => userMfa(deps.store.db, deps.box, request.body.mfaToken, request.body.code, deps.clock.now()),
  );

  app.delete(
    '/v1/auth/session',
    {
      schema: {
        tags: ['end user'],
        summary: 'Sign out: the session token stops working at once',
        response: { 204: Type.Null(), 401: Problem },
      },
    },
    async (request, reply) => {
      const { tokenHash } = await requireUser(deps, request);
      await revokeSession(deps.store.db, tokenHash, deps.clock.now());
      return reply.status(204).send(null);
    },
  );
};
