/**
 * A request id on every request, so one call can be followed through the logs of whichever instance
 * served it: the caller's `x-request-id` when it is a plain token (the console sends one per call; nginx
 * can pass its own), else a fresh UUID. Only letters, digits and `._:-`, at most 128 of them, are taken
 * from outside, so a header cannot forge log structure or flood the log. The id is echoed back in
 * `x-request-id` and logged as `reqId` on every line about the request (Fastify's JSON logs).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyPlugin from 'fastify-plugin';

export const REQUEST_ID_HEADER = 'x-request-id';
const PLAIN_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's id when it is a plain token, else a new one. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
}

/** Echoes each request's id in `x-request-id`. */
export const requestIdsPlugin = fastifyPlugin(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: 'request-ids' },
);
