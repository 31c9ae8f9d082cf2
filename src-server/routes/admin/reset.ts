import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, IdempotencyHeaders, Problem } from '../../../src-shared/api.js';
import {
  ClockCheck,
  ClockCheckResult,
  CurrentTicket,
  EnrollmentTicket,
  StartReset,
  TicketWatchQuery,
} from '../../../src-shared/resetApi.js';
import { clockCheck } from '../../domain/clockCheck.js';
import { cancelTicket, currentTicket, getTicket, resendTicket, startReset, waitForTicket } from '../../domain/enrollmentTickets.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem };

export const resetRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // Links in e-mails come from configuration only (see domain/linkBase.ts): a request's Host never steers them.
  const linkBase = () => deps.links.url;

  app.post(
    '/admin/v1/accounts/:id/mfa/reset',
    {
      schema: {
        tags: ['new phone'],
        summary: 'Start re-enrolment on a new phone: a single-use link e-mailed to the login',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: StartReset,
        response: { 201: EnrollmentTicket, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'mfa.reset');
      return reply
        .status(201)
        .send(await startReset(deps.tickets, request.params.id, agent, request.body, linkBase(), request.headers['idempotency-key']));
    },
  );

  app.get(
    '/admin/v1/accounts/:id/mfa/reset',
    {
      schema: {
        tags: ['new phone'],
        summary: 'The account’s latest re-enrolment ticket, if any',
        params: IdParams,
        response: { 200: CurrentTicket, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return { ticket: await currentTicket(deps.tickets, request.params.id) };
    },
  );

  app.get(
    '/admin/v1/enrollment-tickets/:id',
    {
      schema: {
        tags: ['new phone'],
        summary: 'A ticket; with ?after=<version>&waitSeconds=25 it answers when the ticket changes (long poll)',
        params: IdParams,
        querystring: TicketWatchQuery,
        response: { 200: EnrollmentTicket, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      const { after, waitSeconds } = request.query;
      if (after === undefined || !waitSeconds) return getTicket(deps.tickets, request.params.id);
      const abort = new AbortController();
      request.raw.once('close', () => abort.abort());
      return waitForTicket(deps.tickets, request.params.id, after, waitSeconds, abort.signal);
    },
  );

  app.post(
    '/admin/v1/enrollment-tickets/:id/cancel',
    {
      schema: {
        tags: ['new phone'],
        summary: 'Cancel a re-enrolment: its link stops working',
        params: IdParams,
        response: { 200: EnrollmentTicket, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'mfa.reset');
      return cancelTicket(deps.tickets, request.params.id, agent);
    },
  );

  app.post(
    '/admin/v1/enrollment-tickets/:id/resend',
    {
      schema: {
        tags: ['new phone'],
        summary: 'Send a new link (the old one stops working) with a fresh lifetime',
        params: IdParams,
        response: { 200: EnrollmentTicket, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'mfa.reset');
      return resendTicket(deps.tickets, request.params.id, agent, linkBase());
    },
  );

  app.post(
    '/admin/v1/accounts/:id/mfa/clock-check',
    {
      schema: {
        tags: ['new phone'],
        summary: 'A code the user reads out → how far off the phone’s clock is',
        params: IdParams,
        body: ClockCheck,
        response: { 200: ClockCheckResult, ...refusals },
      },
    },
    async (request) => {
      const { agent } = await requireAgent(deps, request, 'mfa.reset');
      return clockCheck(
        deps.store.db,
        deps.box,
        request.params.id,
        agent,
        request.body.code,
        deps.clock.now(),
        deps.clockCheckWindowMinutes,
      );
    },
  );
};
