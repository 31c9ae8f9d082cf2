/** Argument schemas of the IPC operations: the main process validates every call against these. */
import Type, { type Static, type TSchema } from 'typebox';
import { AccountSearchQuery, Email, IdParams, PageQuery, TotpCode } from './api.js';
import type { IpcOperation } from './ipc.js';

export const BackendChoice = Type.Union([
  Type.Object({ mode: Type.Literal('embedded') }, { additionalProperties: false }),
  Type.Object(
    { mode: Type.Literal('remote'), url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }) },
    { additionalProperties: false },
  ),
]);
export type BackendChoice = Static<typeof BackendChoice>;

const NoInput = Type.Union([Type.Undefined(), Type.Null(), Type.Object({}, { additionalProperties: false })]);

export const IPC_INPUTS = {
  'app.status': NoInput,
  'settings.setBackend': BackendChoice,
  'session.signIn': Type.Object(
    { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }), code: TotpCode },
    { additionalProperties: false },
  ),
  'session.signOut': NoInput,
  'accounts.search': AccountSearchQuery,
  'accounts.get': IdParams,
  'accounts.events': Type.Intersect([IdParams, PageQuery]),
} as const satisfies Record<IpcOperation, TSchema>;
