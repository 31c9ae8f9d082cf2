/**
 * The JSON columns, decoded once where they leave the store: each is checked against the contract's
 * schema, so the code above works with typed values and a row of an unexpected shape fails here, named.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { DisableRequest } from '../../src-shared/api.js';
import { parseRecord } from '../../src-shared/narrowing.js';

/** A decoder for one column: parses its text and checks it against `schema`. */
function jsonColumn<T extends TSchema>(column: string, schema: T): (text: string) => Static<T> {
  const validator = Compile(schema);
  return (text) => {
    const value: unknown = JSON.parse(text);
    if (!validator.Check(value)) throw new Error(`The ${column} column holds a value of an unexpected shape.`);
    return value;
  };
}

/** `disable_requests.checks`: each check of the message and whether it passed. */
export const decodeChecks = jsonColumn('disable_requests.checks', DisableRequest.properties.checks);

/** `disable_requests.warnings`: what the agent must acknowledge before disabling. */
export const decodeWarnings = jsonColumn('disable_requests.warnings', DisableRequest.properties.warnings);

/** `disable_requests.headers`: the headers shown, the From highlights and (since it existed) the body excerpt. */
export const decodeMessageAnalysis = jsonColumn(
  'disable_requests.headers',
  Type.Object({
    headers: DisableRequest.properties.headers,
    fromHighlights: DisableRequest.properties.fromHighlights,
    bodyText: Type.Optional(DisableRequest.properties.bodyText),
  }),
);

/** `audit_events.details` (and `audit_pending.details`): an object of whatever the action records. */
export const decodeAuditDetails = parseRecord;
