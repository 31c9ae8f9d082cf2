/**
 * Registers a console operation's route from its catalogue entry (src-shared/operations.ts): the path,
 * method and schemas Fastify validates with and the OpenAPI document shows, and the permission the
 * access hook (authentication.ts) enforces before the handler runs. The handler gets the same flat
 * input the console sends (path, query, Idempotency-Key and body fields side by side).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { Problem } from '../../src-shared/api.js';
import type { IpcInput } from '../../src-shared/ipc.js';
import { IDEMPOTENCY_HEADER, IdempotencyKey, type Route } from '../../src-shared/operation.js';
import { OPERATIONS, type BackendAnswer, type BackendOperation } from '../../src-shared/operations.js';

export type OperationHandler<Op extends BackendOperation> = (
  input: IpcInput<Op>,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<BackendAnswer<Op> | FastifyReply>;

export interface RouteOptions {
  /** The route parses its body itself (several media types): no body schema, the body is not in `input`. */
  ownBody?: { bodyLimit: number };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function schemaOf(route: Route, options: RouteOptions): FastifySchema {
  const params = Object.entries(route.params).map(([field, schema]) => [route.pathNames[field] ?? field, schema] as const);
  const response: Record<number, TSchema> = { [route.status]: route.response };
  for (const status of route.refusals) response[status] = Problem;
  return {
    tags: route.tags,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(params.length ? { params: Type.Object(Object.fromEntries(params)) } : {}),
    ...(route.query ? { querystring: route.query } : {}),
    ...(route.idempotent ? { headers: Type.Object({ [IDEMPOTENCY_HEADER]: IdempotencyKey }) } : {}),
    ...(route.body && !options.ownBody ? { body: route.body } : {}),
    response,
  };
}

/** The flat input from the parts Fastify has validated against schemaOf(route). */
function inputOf(route: Route, request: FastifyRequest, options: RouteOptions): Record<string, unknown> | undefined {
  const params = isRecord(request.params) ? request.params : {};
  const input: Record<string, unknown> = {};
  for (const field of Object.keys(route.params)) input[field] = params[route.pathNames[field] ?? field];
  if (route.query && isRecord(request.query)) Object.assign(input, request.query);
  if (route.idempotent) input['idempotencyKey'] = request.headers[IDEMPOTENCY_HEADER];
  if (route.body && !options.ownBody && isRecord(request.body)) Object.assign(input, request.body);
  const takesInput = Object.keys(route.params).length || route.query || route.idempotent || (route.body && !options.ownBody);
  return takesInput ? input : undefined;
}

export function operationRoute<Op extends BackendOperation>(
  app: FastifyInstance,
  op: Op,
  handler: OperationHandler<Op>,
  options: RouteOptions = {},
): void {
  const route: Route = OPERATIONS[op].route;
  app.route({
    method: route.method,
    url: route.path,
    ...(options.ownBody ? { bodyLimit: options.ownBody.bodyLimit } : {}),
    config: { access: route.access },
    schema: schemaOf(route, options),
    handler: async (request, reply) => {
      // Fastify has checked every part against the schemas IpcInput<Op> is derived from.
      const result = await handler(inputOf(route, request, options) as IpcInput<Op>, request, reply);
      if (result === reply) return reply;
      return reply.status(route.status).send(result);
    },
  });
}
