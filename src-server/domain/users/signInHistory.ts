/**
 * A user's sign-in attempts as support sees them before a call: each password and code, right or wrong,
 * with its time and source address. They are the account's sign-in events in the audit log (which
 * records every attempt anyway), read through the account's index, so no second table can disagree.
 */
import type { Page, SignInAttempt } from '../../../src-shared/api.js';
import type { AuditAction } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import { decodeAuditDetails } from '../../store/jsonColumns.js';
import { findAccountRow } from '../accounts/accounts.js';
import { decodeSeqCursor, encodeCursor } from '../platform/cursor.js';

type Attempt = Pick<SignInAttempt, 'step' | 'outcome'>;

const ATTEMPTS = new Map<string, Attempt>([
  ['user.login.succeeded', { step: 'password', outcome: 'succeeded' }],
  ['user.login.failed', { step: 'password', outcome: 'failed' }],
  ['user.mfa.succeeded', { step: 'code', outcome: 'succeeded' }],
  ['user.mfa.failed', { step: 'code', outcome: 'failed' }],
  ['user.mfa.replayed', { step: 'code', outcome: 'replayed' }],
  ['user.mfa.locked', { step: 'code', outcome: 'locked' }],
  // The link's lock, not the account's: recorded as through the link.
  ['mfa.reset.link_locked', { step: 'code', outcome: 'locked' }],
] satisfies [AuditAction, Attempt][]);
const ATTEMPT_ACTIONS = [...ATTEMPTS.keys()];

/** What a sign-in event's details may hold (older events and redacted ones hold less). */
interface AttemptDetails {
  step?: unknown;
  sourceAddress?: unknown;
  failedAttempts?: unknown;
  via?: unknown;
  stage?: unknown;
}

function viaOf(details: AttemptDetails): SignInAttempt['via'] {
  if (details.via === 'reset link') return 'reset_link';
  return details.stage === 'pending' ? 'setup' : 'sign_in';
}

/** `GET /admin/v1/accounts/{id}/sign-ins`: newest first; the cursor is the last sequence number returned. */
export async function signInHistory(
  db: Db,
  accountId: string,
  query: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<SignInAttempt>> {
  await findAccountRow(db, accountId);
  const limit = query.limit ?? 50;
  const before = decodeSeqCursor(query.cursor);
  let builder = db
    .selectFrom('auditEvents')
    .select(['seq', 'at', 'action', 'details'])
    .where('accountId', '=', accountId)
    .where('action', 'in', ATTEMPT_ACTIONS);
  if (before !== null) builder = builder.where('seq', '<', before);
  const rows = await builder
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).flatMap((row): SignInAttempt[] => {
    const attempt = ATTEMPTS.get(row.action);
    if (!attempt) return []; // not read: the query asks for these actions only
    const details: AttemptDetails = decodeAuditDetails(row.details);
    const item: SignInAttempt = {
      seq: row.seq,
      at: row.at,
      ...attempt,
      // A lock names the step whose failure caused it (locks recorded before that say nothing: a code).
      ...(details.step === 'password' ? { step: 'password' as const } : {}),
      via: viaOf(details),
      sourceAddress: typeof details.sourceAddress === 'string' ? details.sourceAddress : null,
      failedAttempts: typeof details.failedAttempts === 'number' ? details.failedAttempts : null,
    };
    return [item];
  });
  const last = rows.length > limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.seq) : null };
}
