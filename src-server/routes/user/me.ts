import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Enrollment, EnrollmentConfirm, EnrollmentConfirmed, Problem, UserLanguageChange, UserProfile } from '../../../src-shared/api.js';
import { effectiveMfaState } from '../../domain/accounts/accounts.js';
import { confirmEnrollment, startEnrollment } from '../../domain/users/enrollment.js';
import { changeLanguage } from '../../domain/users/language.js';
import { requireUser } from '../../plugins/authentication.js';
import type { AppDeps } from '../../appDeps.js';

const refusals = { 400: Problem, 401: Problem, 409: Problem, 423: Problem, 429: Problem };

export const userMeRoutes: FastifyPluginCallbackTypebox<AppDeps> = (app, deps, done) => {
  const enrollmentDeps = { db: deps.store.db, box: deps.box, issuer: deps.config.issuer };

  app.get(
    '/v1/me',
    { schema: { tags: ['end user'], summary: 'The signed-in user', response: { 200: UserProfile, 401: Problem } } },
    async (request) => {
      const { account } = await requireUser(deps, request);
      const mfaState = effectiveMfaState(account, deps.clock.now());
      return {
        login: account.login,
        displayName: account.displayName,
        mfaState,
        canEnrollMfa: account.mfaState !== 'on',
        locale: account.locale,
      };
    },
  );

  app.put(
    '/v1/me/language',
    {
      schema: {
        tags: ['end user'],
        summary: 'Choose the language of my e-mails and account pages',
        body: UserLanguageChange,
        response: { 200: UserProfile, 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const { account } = await requireUser(deps, request);
      const now = deps.clock.now();
      await changeLanguage(deps.store.db, account, request.body.locale, now);
      const mfaState = effectiveMfaState(account, now);
      return {
        login: account.login,
        displayName: account.displayName,
        mfaState,
        canEnrollMfa: account.mfaState !== 'on',
        locale: request.body.locale,
      };
    },
  );

  app.post(
    '/v1/me/mfa/enrollment',
    {
      schema: { tags: ['end user'], summary: 'Start MFA set-up: QR code and its text version', response: { 201: Enrollment, ...refusals } },
    },
    async (request, reply) => {
      const { account } = await requireUser(deps, request);
      return reply.status(201).send(await startEnrollment(enrollmentDeps, account, deps.clock.now()));
    },
  );

  app.post(
    '/v1/me/mfa/enrollment/confirm',
    {
      schema: {
        tags: ['end user'],
        summary: 'Confirm MFA set-up with the first code',
        body: EnrollmentConfirm,
        response: { 200: EnrollmentConfirmed, ...refusals },
      },
    },
    async (request) => {
      const { account } = await requireUser(deps, request);
      return confirmEnrollment(enrollmentDeps, account, request.body.code, deps.clock.now());
    },
  );
  done();
};
