/**
 * One error handler for the whole API: every failure becomes application/problem+json (RFC 9457)
 * with a stable `code`. Client mistakes keep their 4xx; anything else is a 500 that hides internals.
 */
import fastifyPlugin from 'fastify-plugin';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../../src-shared/api.js';
import type { ServerProblemCode } from '../../src-shared/problems.js';
import { DeskProblem } from '../domain/platform/problems.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Too large',
  414: 'Address too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  423: 'Locked',
  429: 'Too many attempts',
  431: 'Headers too large',
  500: 'Internal error',
  503: 'Busy',
};

type ProblemFields = Omit<Problem, 'type' | 'title' | 'code'> & { title?: string; code: ServerProblemCode };

function problemBody(problem: ProblemFields): Problem {
  return {
    type: `https://mfa-desk.dev/problems/${problem.code}`,
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
    ...problem,
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemFields) {
  if (problem.retryAfterSeconds) void reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problemBody(problem));
}

/**
 * Errors the router raises before any route or hook runs, so setErrorHandler never sees them: a path
 * whose percent-encoding does not decode, a path parameter past the router's length limit.
 * Passed to Fastify as `frameworkErrors`.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void sendProblem(reply, {
      status: 400,
      code: 'bad_url',
      detail: 'The address is not valid: a "%" in it is not followed by a valid percent-encoded character.',
    });
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(reply, { status: 414, code: 'url_too_long', detail: 'A part of the address is longer than any identifier here.' });
    return;
  }
  reply.log.error({ err: error }, 'router failed');
  void sendProblem(reply, { status: 500, code: 'internal_error', detail: 'Something went wrong on the server. It has been logged.' });
}

const CONNECTION_PROBLEMS: Record<string, ProblemFields> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'The request did not arrive in time.' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', detail: 'The request headers are larger than this server accepts.' },
};

/**
 * Bytes that are not an HTTP request never reach Fastify's request cycle; Node reports them on the
 * connection. They get a problem+json written straight to the socket, which is then closed, as
 * Fastify's own handler does. Passed to Fastify as `clientErrorHandler`.
 */
export function answerConnectionError(error: ConnectionError, socket: Socket): void {
  // A connection reset needs no answer, and a destroyed socket cannot take one.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = CONNECTION_PROBLEMS[error.code] ?? {
    status: 400,
    code: 'malformed_request',
    detail: 'The request is not valid HTTP.',
  };
  const answer = problemBody(problem);
  const body = JSON.stringify(answer);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const FASTIFY_CODES: Record<string, ServerProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

/** The property a `required` keyword found missing (Ajv names it in the error's params), else ''. */
function missingProperty(params: Record<string, unknown>): string {
  const missing = params['missingProperty'];
  return typeof missing === 'string' ? missing : '';
}

/** The API's error and not-found handlers: every failure answers problem+json. */
export const problemsPlugin = fastifyPlugin(
  (app, _options, done) => {
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
            path: v.instancePath || missingProperty(v.params),
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
    done();
  },
  { name: 'problems' },
);
