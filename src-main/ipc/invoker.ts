/**
 * The one wrapper every IPC operation goes through: the operation name must be ours, the argument is
 * taken as `unknown` and validated against the contract's schema, and any failure comes back as a
 * typed error result, never a thrown stack trace. Electron's transport and the test harness both call it.
 */
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { OPERATIONS, type Operations } from '../../src-shared/operations.js';
import { IPC_OPERATIONS, type IpcError, type IpcInput, type IpcOperation, type IpcOutput, type IpcResult } from '../../src-shared/ipc.js';
import { isOneOf, recordOf } from '../../src-shared/narrowing.js';
import { ConsoleError } from '../services/consoleError.js';

// A handler with no waiting to do answers at once; the invoker awaits either kind.
export type HandlerTable = { [Op in IpcOperation]: (input: IpcInput<Op>) => IpcOutput<Op> | Promise<IpcOutput<Op>> };
/** Operations main completes with work of its own; the rest pass through to the backend. */
export type LocalOperation = { [Op in IpcOperation]: Operations[Op]['local'] extends true ? Op : never }[IpcOperation];

const validators = recordOf(IPC_OPERATIONS, (op) => Compile<TSchema>(OPERATIONS[op].input));

/** Whether `input` is valid for `op`: checked against the very schema IpcInput<Op> is derived from. */
const isInputOf = <Op extends IpcOperation>(op: Op, input: unknown): input is IpcInput<Op> => validators[op].Check(input);

/** Runs `op`'s own handler: indexed by the same `Op` as its input, the table gives that operation's handler. */
async function run<Op extends IpcOperation>(handlers: HandlerTable, op: Op, input: IpcInput<Op>): Promise<IpcOutput<Op>> {
  const handler: HandlerTable[Op] = handlers[op];
  return handler(input);
}

export type Invoker = (op: unknown, input: unknown) => Promise<IpcResult<unknown>>;

export function createInvoker(handlers: HandlerTable, log: (message: string, error: unknown) => void = () => {}): Invoker {
  return async (op, input) => {
    if (!isOneOf(IPC_OPERATIONS, op))
      return { ok: false, error: { code: 'unknown_operation', message: 'The console asked for something it is not allowed to do.' } };
    if (!isInputOf(op, input)) {
      const fields = [...validators[op].Errors(input)].map((e) => ({ path: e.instancePath || '/', message: e.message }));
      return { ok: false, error: { code: 'invalid_input', message: 'Some of what was entered is not valid.', fields } };
    }
    try {
      return { ok: true, value: await run(handlers, op, input) };
    } catch (error) {
      if (error instanceof ConsoleError) return { ok: false, error: error.toIpcError() };
      log(`IPC operation ${op} failed`, error);
      return {
        ok: false,
        error: {
          code: 'internal_error',
          message: 'Something went wrong in the console. Try again; if it keeps happening, restart MFA Desk.',
        } satisfies IpcError,
      };
    }
  };
}

/** Refuses calls that do not come from the top frame of our own window (an iframe or another page must not drive it). */
export function guardSender<Sender>(invoke: Invoker, isTrustedSender: (sender: Sender) => boolean) {
  return async (sender: Sender, op: unknown, input: unknown): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(sender))
      return { ok: false, error: { code: 'untrusted_sender', message: 'This request did not come from the MFA Desk window.' } };
    return invoke(op, input);
  };
}
