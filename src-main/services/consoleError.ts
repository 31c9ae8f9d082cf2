/** An error the console can explain to an agent: a stable code, a plain sentence, maybe field problems. */
import type { IpcError } from '../../src-shared/ipc.js';
import type { ProblemCode, ProblemParams } from '../../src-shared/problems.js';

interface ConsoleErrorParts {
  fields?: { path: string; message: string }[] | undefined;
  status?: number | undefined;
  /** The values in the sentence, by name, so the console can word it in the agent's language. */
  params?: ProblemParams | undefined;
}

export class ConsoleError extends Error {
  /** One of the declared codes, or (from `fromBackend`) whatever code a backend answered. */
  readonly code: string;
  readonly fields: { path: string; message: string }[] | undefined;
  readonly status: number | undefined;
  readonly params: ProblemParams | undefined;

  constructor(code: ProblemCode, message: string, parts?: ConsoleErrorParts);
  /** A code as a backend answered it, declared or not (`fromBackend`). */
  constructor(code: string, message: string, parts: ConsoleErrorParts, answered: 'as answered');
  constructor(code: string, message: string, parts: ConsoleErrorParts = {}) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.fields = parts.fields;
    this.status = parts.status;
    this.params = parts.params;
  }

  /**
   * A backend's problem as it came: a newer backend may send a code this console does not declare, and
   * the console words a code it knows and shows the backend's sentence for one it does not.
   */
  static fromBackend(code: string, message: string, parts: ConsoleErrorParts): ConsoleError {
    return new ConsoleError(code, message, parts, 'as answered');
  }

  toIpcError(): IpcError {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields?.length ? { fields: this.fields } : {}),
      ...(this.params ? { params: { ...this.params } } : {}),
    };
  }
}

/**
 * What the agent is told when the backend could not be reached or started: a ConsoleError as it is
 * (without field problems, which belong to a form), anything else as `backend_unavailable`.
 */
export function unavailableProblem(error: unknown, otherwise: string): Omit<IpcError, 'fields'> {
  if (!(error instanceof ConsoleError)) return { code: 'backend_unavailable', message: error instanceof Error ? error.message : otherwise };
  const { fields: _fields, ...problem } = error.toIpcError();
  return problem;
}
