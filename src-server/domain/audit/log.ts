/**
 * Reading the audit log: filtered pages, newest first, and the walk that checks the hash chain. The
 * chain walker is pure so the offline verifier of exported files runs exactly the same check.
 */
import type { AuditEvent, Page } from '../../../src-shared/api.js';
import type { AuditFilter, AuditVerification, ChainBreak } from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import type { AuditEventsTable } from '../../store/schema.js';
import { detailsIntact, eventHash, GENESIS_HASH, toAuditEvent, type AsText } from './chain.js';
import { decodeSeqCursor, encodeCursor } from '../platform/cursor.js';
import { DeskProblem } from '../platform/problems.js';

/** An event as stored, or as read back from an export (where its fields are only text). */
export type StoredEvent = AsText<Omit<AuditEventsTable, 'seq'>> & { seq: number };

/** How many events one query reads while walking or exporting: bounded memory at any log size. */
export const BATCH = 1000;

/**
 * Reads events in `seq` order, one keyset page of BATCH at a time (`read(after)` gives the page after
 * a sequence number), asking for the next page while the caller works on this one: the database's
 * reading and the caller's hashing or writing overlap. At most two pages are held.
 */
export async function* pagesBySeq(read: (after: number) => Promise<StoredEvent[]>): AsyncGenerator<StoredEvent[]> {
  const ask = (after: number) => {
    const page = read(after);
    // A caller that stops early (a broken link, a client gone) leaves the page it never awaited.
    page.catch(() => undefined);
    return page;
  };
  let next = ask(0);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    if (!last) return;
    const more = rows.length === BATCH;
    if (more) next = ask(last.seq);
    yield rows;
    if (!more) return;
  }
}

/** Checks the filter's time range; a reversed range is a client mistake, not an empty answer. */
export function checkFilter(filter: AuditFilter): void {
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
    throw new DeskProblem(400, 'invalid_time_range', '"from" is after "to".');
  }
}

/** The filtered events as a query; each filter rides one of the audit indexes (see migrations.ts). */
export function filteredEvents(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('auditEvents').selectAll();
  if (filter.actor) query = query.where('actorId', '=', filter.actor);
  if (filter.account) query = query.where('accountId', '=', filter.account);
  if (filter.action) query = query.where('action', '=', filter.action);
  // Times are compared as ISO text, which is how they are stored: normalise to the stored form.
  if (filter.from) query = query.where('at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query = query.where('at', '<=', new Date(filter.to).toISOString());
  return query;
}

/** `GET /admin/v1/audit`: newest first; the cursor is the last sequence number returned. */
export async function listAuditEvents(
  db: Db,
  query: AuditFilter & { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<AuditEvent>> {
  checkFilter(query);
  const limit = query.limit ?? 100;
  const before = decodeSeqCursor(query.cursor);
  let builder = filteredEvents(db, query);
  if (before !== null) builder = builder.where('seq', '<', before);
  const rows = await builder
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toAuditEvent);
  const last = rows.length > limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.seq) : null };
}

/**
 * Follows a chain one event at a time. `contiguous` says whether the events given are the whole log
 * in order (every link can be checked) or a filtered slice (only links between neighbouring sequence
 * numbers can); each event's own hash is checked either way.
 */
export function createChainWalker(contiguous = true) {
  let previous: { seq: number; hash: string } | null = null;
  let checked = 0;
  let unlinked = 0;
  return {
    /** Returns the first problem with this event, or null. */
    check(e: StoredEvent): ChainBreak | null {
      checked++;
      const neighbour = previous !== null && e.seq === previous.seq + 1;
      let expectedPrev: string | null = null;
      if (previous === null) expectedPrev = contiguous || e.seq === 1 ? GENESIS_HASH : null;
      else if (contiguous || neighbour) expectedPrev = previous.hash;
      if (previous !== null && e.seq <= previous.seq) return { seq: e.seq, reason: 'chain_broken' };
      if (expectedPrev === null) unlinked++;
      const { seq: _seq, hash, ...content } = e;
      previous = { seq: e.seq, hash: e.hash };
      if (eventHash(content) !== hash || !detailsIntact(content)) return { seq: e.seq, reason: 'content_changed' };
      if (expectedPrev !== null && e.prevHash !== expectedPrev) return { seq: e.seq, reason: 'chain_broken' };
      return null;
    },
    get checked() {
      return checked;
    },
    /** Events whose link to the one before could not be checked (a gap in a filtered export). */
    get unlinked() {
      return unlinked;
    },
    get headHash() {
      return previous?.hash ?? null;
    },
  };
}

/** `GET /admin/v1/audit/verify`: walks the whole chain in batches; stops at the first broken event. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  const walker = createChainWalker(true);
  const pages = pagesBySeq((after) =>
    db.selectFrom('auditEvents').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).execute(),
  );
  for await (const rows of pages) {
    for (const row of rows) {
      const broken = walker.check(row);
      if (broken) return { intact: false, checked: walker.checked, headHash: null, firstBroken: broken };
    }
  }
  return { intact: true, checked: walker.checked, headHash: walker.headHash, firstBroken: null };
}
