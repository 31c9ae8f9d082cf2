/** An error the console can explain to an agent: a stable code, a plain sentence, maybe field problems. */
import type { IpcError } from '../../src-shared/ipc.js';

export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: { path: string; message: string }[],
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }

  toIpcError(): IpcError {
    return { code: this.code, message: this.message, ...(this.fields?.length ? { fields: this.fields } : {}) };
  }
}
