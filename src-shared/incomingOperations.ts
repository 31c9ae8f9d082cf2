/** The catalogue's entries for the Incoming queue and the mailbox intake (see operations.ts). */
import { Id, Notification } from './api.js';
import { IncomingCount, IncomingDetail, IncomingPage, IncomingQuery, IncomingReply, Incoming, IntakeStatus } from './intakeApi.js';
import { route } from './operation.js';

const INCOMING = { tags: ['incoming'], refusals: [400, 401, 403, 404, 409] };
const item = { id: Id };

export const INCOMING_OPERATIONS = {
  'incoming.list': route({
    ...INCOMING,
    method: 'GET',
    path: '/admin/v1/incoming',
    access: 'accounts.read',
    summary: 'Requests read from the support mailboxes, oldest first (default: those waiting for an agent)',
    query: IncomingQuery,
    response: IncomingPage,
  }),
  'incoming.count': route({
    ...INCOMING,
    method: 'GET',
    path: '/admin/v1/incoming/count',
    access: 'accounts.read',
    summary: 'How many requests wait for an agent, and since when the oldest',
    response: IncomingCount,
  }),
  'incoming.get': route({
    ...INCOMING,
    method: 'GET',
    path: '/admin/v1/incoming/:id',
    access: 'accounts.read',
    summary: 'One incoming request with its checked request (verdict) and its account',
    params: item,
    response: IncomingDetail,
  }),
  'incoming.claim': route({
    ...INCOMING,
    method: 'POST',
    path: '/admin/v1/incoming/:id/claim',
    access: 'incoming.work',
    summary: 'Claim a request so no other agent works it (the claim runs out after 15 minutes)',
    params: item,
    response: Incoming,
  }),
  'incoming.release': route({
    ...INCOMING,
    method: 'POST',
    path: '/admin/v1/incoming/:id/release',
    access: 'incoming.work',
    summary: 'Give up your claim on a request',
    params: item,
    response: Incoming,
  }),
  'incoming.reply': route({
    ...INCOMING,
    refusals: [...INCOMING.refusals, 422],
    method: 'POST',
    path: '/admin/v1/incoming/:id/reply',
    access: 'incoming.work',
    summary: 'Answer a claimed request from a template, from the support address, in its thread (needs an Idempotency-Key)',
    params: item,
    idempotent: true,
    body: IncomingReply,
    status: 201,
    response: Notification,
  }),
  'intake.status': route({
    tags: ['incoming'],
    refusals: [401, 403],
    method: 'GET',
    path: '/admin/v1/intake/status',
    access: 'accounts.read',
    summary: 'Each support mailbox: connected, standing by, refused (wrong credentials) or unreachable, with the last error and next retry',
    response: IntakeStatus,
  }),
};
