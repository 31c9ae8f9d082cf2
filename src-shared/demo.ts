/**
 * The demo organisation's credentials file (`demo-credentials.json` in the data folder of a `--demo`
 * backend, mode 0600): the only time secrets are written to a file. The backend writes it
 * (src-server/cli/seedDemo.ts); tests and people trying the demo read it.
 */
import Type, { type Static } from 'typebox';
import { RoleSchema } from './api.js';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

export const DemoCredentials = Type.Object({
  agents: Type.Array(Type.Object({ email: Type.String(), password: Type.String(), role: RoleSchema, totpSecret: Type.String() })),
  users: Type.Array(
    Type.Object({
      email: Type.String(),
      password: Type.String(),
      mfa: Type.Union([Type.Literal('off'), Type.Literal('on')]),
      totpSecret: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type DemoCredentials = Static<typeof DemoCredentials>;
