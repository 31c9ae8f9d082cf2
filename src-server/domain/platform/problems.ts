/** Failures the domain reports to clients: each has an HTTP status and a stable machine code. */
import type { ProblemParams, ServerProblemCode } from '../../../src-shared/problems.js';

export interface ProblemExtra {
  retryAfterSeconds?: number;
  errors?: { path: string; message: string }[];
  /** The values filled into the sentence, sent along so a console can word it in its own language. */
  params?: ProblemParams;
}

export class DeskProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerProblemCode,
    message: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(message);
    this.name = 'DeskProblem';
  }
}

type Missing = 'account' | 'agent' | 'disable_request' | 'escalation' | 'enrollment_ticket' | 'incoming_request';

export const notFound = (what: Missing) => new DeskProblem(404, `${what}_not_found`, `No such ${what.replace(/_/g, ' ')}.`);
export const unauthorized = (message = 'Sign in first.') => new DeskProblem(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this.') => new DeskProblem(403, 'forbidden', message);
export const conflict = (code: ServerProblemCode, message: string, params?: ProblemParams) =>
  new DeskProblem(409, code, message, params ? { params } : {});
