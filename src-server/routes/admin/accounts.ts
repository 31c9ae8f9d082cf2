import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccountDetail,
  AccountPage,
  AccountSearchQuery,
  AuditEventPage,
  IdParams,
  NewAccount,
  PageQuery,
  Problem,
} from '../../../src-shared/api.js';
import { accountEvents, createAccount, getAccount, searchAccounts } from '../../domain/accounts.js';
import { requireAgent } from '../../plugins/authentication.js';
import type { AppDeps } from '../../app.js';
import { agentActor } from '../../domain/audit.js';

const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export const adminAccountRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/admin/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Search accounts by login, name, surname or @domain',
        querystring: AccountSearchQuery,
        response: { 200: AccountPage, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return searchAccounts(deps.store.db, request.query, deps.clock.now());
    },
  );

  app.post(
    '/admin/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account (admin)',
        body: NewAccount,
        response: { 201: AccountDetail, 409: Problem, ...refusals },
      },
    },
    async (request, reply) => {
      const { agent } = await requireAgent(deps, request, 'accounts.create');
      const account = await createAccount(deps.store.db, request.body, { ...agentActor(agent) }, deps.clock.now());
      return reply.status(201).send(account);
    },
  );

  app.get(
    '/admin/v1/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One account and its MFA state',
        params: IdParams,
        response: { 200: AccountDetail, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return getAccount(deps.store.db, request.params.id, deps.clock.now());
    },
  );

  app.get(
    '/admin/v1/accounts/:id/events',
    {
      schema: {
        tags: ['accounts'],
        summary: 'An account’s history, newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: AuditEventPage, ...refusals },
      },
    },
    async (request) => {
      await requireAgent(deps, request, 'accounts.read');
      return accountEvents(deps.store.db, request.params.id, request.query);
    },
  );
};
