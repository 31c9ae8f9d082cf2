/**
 * The accounts behind the report's gaps, page by page: without MFA, awaiting confirmation, locked,
 * and resets whose link expired unused. Each list is one index range (see migrations.ts), so it stays
 * fast at a million accounts; the cursor is the last row's sort key.
 */
import type { GapEntry, GapPage, GapQuery } from '../../../src-shared/auditApi.js';
import { OPEN_TICKET_STATUSES } from '../../../src-shared/resetApi.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable } from '../../store/schema.js';
import { effectiveMfaState } from '../accounts/accounts.js';
import { iso } from '../platform/clock.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';

const SUMMARY = [
  'a.id',
  'a.login',
  'a.loginNorm',
  'a.displayName',
  'a.department',
  'a.mfaState',
  'a.failedAttempts',
  'a.nextAttemptAt',
  'a.lockedUntil',
  'a.createdAt',
] as const;

export async function reportGaps(db: Db, query: GapQuery, now: Date): Promise<GapPage> {
  const limit = query.limit ?? 50;
  const nowIso = iso(now);
  const summary = (
    r: Pick<AccountsTable, 'id' | 'login' | 'displayName' | 'department' | 'mfaState' | 'failedAttempts' | 'nextAttemptAt' | 'lockedUntil'>,
  ) => ({
    id: r.id,
    login: r.login,
    displayName: r.displayName,
    department: r.department,
    mfaState: effectiveMfaState(r, now),
  });
  let items: (GapEntry & { key: string[] })[];
  if (query.kind === 'no_mfa' || query.kind === 'pending') {
    const after = decodeCursor(query.cursor, 1);
    let builder = db
      .selectFrom('accounts as a')
      .select(SUMMARY)
      .where('a.mfaState', '=', query.kind === 'no_mfa' ? 'off' : 'pending');
    if (after) builder = builder.where('a.loginNorm', '>', after[0]!);
    const rows = await builder
      .orderBy('a.loginNorm')
      .limit(limit + 1)
      .execute();
    items = rows.map((r) => ({ account: summary(r), at: r.createdAt, ticket: null, key: [r.loginNorm] }));
  } else if (query.kind === 'locked') {
    const after = decodeCursor(query.cursor, 2);
    let builder = db.selectFrom('accounts as a').select(SUMMARY).where('a.lockedUntil', '>', nowIso);
    if (after)
      builder = builder.where((eb) =>
        eb.or([eb('a.lockedUntil', '>', after[0]!), eb.and([eb('a.lockedUntil', '=', after[0]!), eb('a.loginNorm', '>', after[1]!)])]),
      );
    const rows = await builder
      .orderBy('a.lockedUntil')
      .orderBy('a.loginNorm')
      .limit(limit + 1)
      .execute();
    items = rows.map((r) => ({ account: summary(r), at: r.lockedUntil!, ticket: null, key: [r.lockedUntil!, r.loginNorm] }));
  } else {
    const after = decodeCursor(query.cursor, 2);
    let builder = db
      .selectFrom('enrollmentTickets as t')
      .innerJoin('accounts as a', 'a.id', 't.accountId')
      .select([...SUMMARY, 't.id as ticketId', 't.ticketRef', 't.createdByLabel', 't.expiresAt'])
      .where('t.status', 'in', OPEN_TICKET_STATUSES)
      .where('t.expiresAt', '<=', nowIso);
    if (after)
      builder = builder.where((eb) =>
        eb.or([eb('t.expiresAt', '>', after[0]!), eb.and([eb('t.expiresAt', '=', after[0]!), eb('t.id', '>', after[1]!)])]),
      );
    const rows = await builder
      .orderBy('t.expiresAt')
      .orderBy('t.id')
      .limit(limit + 1)
      .execute();
    items = rows.map((r) => ({
      account: summary(r),
      at: r.expiresAt,
      ticket: { id: r.ticketId, ticketRef: r.ticketRef, createdBy: r.createdByLabel },
      key: [r.expiresAt, r.ticketId],
    }));
  }
  const page = items.slice(0, limit);
  const last = items.length > limit ? page[page.length - 1] : undefined;
  return { items: page.map(({ key: _key, ...entry }) => entry), nextCursor: last ? encodeCursor(...last.key) : null };
}
