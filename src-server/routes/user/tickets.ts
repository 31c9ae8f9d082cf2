import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Enrollment, EnrollmentConfirmed, Problem } from '../../../src-shared/api.js';
import { TicketConfirm, TicketLinkInfo, TicketSession, TicketSignIn, TicketToken } from '../../../src-shared/resetApi.js';
import { ticketEnrollmentConfirm, ticketEnrollmentStart, openTicketLink, ticketSignIn } from '../../domain/reset/ticketLink.js';
import { bearerToken } from '../../plugins/authentication.js';
import type { AppDeps } from '../../appDeps.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 410: Problem, 423: Problem, 429: Problem };

export const ticketRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const withEnrollment = { ...deps.tickets, enrollment: { db: deps.store.db, box: deps.box, issuer: deps.config.issuer } };

  app.post(
    '/v1/enrollment-tickets/open',
    {
      schema: {
        tags: ['end user'],
        summary: 'Open a re-enrolment link (the token from the link’s #ticket= fragment)',
        body: TicketToken,
        response: { 200: TicketLinkInfo, ...refusals },
      },
    },
    async (request) => openTicketLink(deps.tickets, request.body.token),
  );
  app.post(
    '/v1/enrollment-tickets/sign-in',
    {
      schema: {
        tags: ['end user'],
        summary: 'Sign in through the link with e-mail and password → an enrol-only session',
        body: TicketSignIn,
        response: { 200: TicketSession, ...refusals },
      },
    },
    async (request) => ticketSignIn(deps.tickets, request.body),
  );
  app.post(
    '/v1/enrollment-tickets/enrollment',
    { schema: { tags: ['end user'], summary: 'The new phone’s QR code and its text version', response: { 201: Enrollment, ...refusals } } },
    async (request, reply) => reply.status(201).send(await ticketEnrollmentStart(withEnrollment, bearerToken(request))),
  );
  app.post(
    '/v1/enrollment-tickets/enrollment/confirm',
    {
      schema: {
        tags: ['end user'],
        summary: 'Confirm the new phone with its first code; the old phone stops working',
        body: TicketConfirm,
        response: { 200: EnrollmentConfirmed, ...refusals },
      },
    },
    async (request) => ticketEnrollmentConfirm(withEnrollment, bearerToken(request), request.body.code),
  );
};
