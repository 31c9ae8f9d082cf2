/**
 * One error handler for the whole API: every failure becomes application/problem+json (RFC 9457)
 * with a stable `code`. Client mistakes keep their 4xx; anything else is a 500 that hides internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Problem } from '../../src-shared/api.js';
import { DeskProblem } from '../domain/problems.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  423: 'Locked',
  429: 'Too many attempts',
  500: 'Internal error',
};

export function sendProblem(reply: FastifyReply, problem: Omit<Problem, 'type' | 'title'> & { title?: string }) {
  const body: Problem = {
    type: `https://mfa-desk.dev/problems/${problem.code}`,
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
    ...problem,
  };
  if (problem.retryAfterSeconds) void reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(body);
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DeskProblem) {
      return sendProblem(reply, { status: error.status, code: error.code, detail: error.message, ...error.extra });
    }
    if (error.validation) {
      return sendProblem(reply, {
        status: 400,
        code: 'invalid_request',
        detail: `The request is not valid: ${error.message}.`,
        errors: error.validation.map((v) => ({
          path: v.instancePath || String(v.params?.['missingProperty'] ?? ''),
          message: v.message ?? 'invalid',
        })),
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body_too_large' : 'bad_request');
      return sendProblem(reply, { status, code, detail: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, { status: 500, code: 'internal_error', detail: 'Something went wrong on the server. It has been logged.' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { status: 404, code: 'route_not_found', detail: `There is no ${request.method} ${request.url.split('?')[0]}.` }),
  );
}
