/** Failures the domain reports to clients: each has an HTTP status and a stable machine code. */
export class DeskProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { retryAfterSeconds?: number; errors?: { path: string; message: string }[] } = {},
  ) {
    super(message);
    this.name = 'DeskProblem';
  }
}

export const notFound = (what: string) => new DeskProblem(404, `${what}_not_found`, `No such ${what.replace(/_/g, ' ')}.`);
export const unauthorized = (message = 'Sign in first.') => new DeskProblem(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this.') => new DeskProblem(403, 'forbidden', message);
export const conflict = (code: string, message: string) => new DeskProblem(409, code, message);
