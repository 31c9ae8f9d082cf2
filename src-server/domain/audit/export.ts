/**
 * Audit log export as CSV (RFC 4180) or JSON Lines, produced page by page as the client takes them
 * (keyset pages, the next read while this one is written), so a log of millions of events streams in
 * bounded memory and its first bytes leave at once. Rows go out in chain order with `prevHash` and `hash`, and
 * `details` exactly as stored (the JSON text the hash covers), so the file verifies offline with
 * `npm run verify-audit -- <file>` (scripts/verify-audit-export.ts).
 */
import type { Agent } from '../../../src-shared/api.js';
import type { AuditFilter } from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import { agentActor, appendAudit } from './chain.js';
import { BATCH, checkFilter, filteredEvents, pagesBySeq, type StoredEvent } from './log.js';

export type ExportFormat = 'csv' | 'jsonl';

const CHUNK = 100;

/** Column order of both formats; the offline verifier reads the same names. */
export const EXPORT_COLUMNS = [
  'seq',
  'at',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'accountId',
  'accountLogin',
  'reason',
  'ticketRef',
  'details',
  'detailsHash',
  'prevHash',
  'hash',
] as const;

/**
 * One CSV field. Null is an empty unquoted field and every string is quoted, so the reader can tell
 * null from "" (the hash does); quotes are doubled (RFC 4180 §2.7).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

export function csvLine(e: StoredEvent): string {
  return `${EXPORT_COLUMNS.map((c) => csvField(e[c])).join(',')}\r\n`;
}

/** One JSON object per line, its keys in EXPORT_COLUMNS order (an object literal of one shape stringifies fast). */
export function jsonLine(e: StoredEvent): string {
  const fields: Record<(typeof EXPORT_COLUMNS)[number], string | number | null> = {
    seq: e.seq,
    at: e.at,
    actorType: e.actorType,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    accountId: e.accountId,
    accountLogin: e.accountLogin,
    reason: e.reason,
    ticketRef: e.ticketRef,
    details: e.details,
    detailsHash: e.detailsHash,
    prevHash: e.prevHash,
    hash: e.hash,
  };
  return `${JSON.stringify(fields)}\n`;
}

export interface AuditExport {
  /** Events the export will hold: the client's progress bar counts lines against it. */
  total: number;
  /** The last sequence number included; events appended while streaming are left for the next export. */
  upToSeq: number;
  lines: AsyncGenerator<string>;
}

const hasFilter = (filter: AuditFilter) => Object.values<string | undefined>(filter).some((value) => value !== undefined);

/**
 * Fixes the export's upper bound and its size. The whole log's size is one row kept by triggers
 * (store/auditEventCount.ts), read in the same statement as the bound, so nothing is counted; a
 * filtered export counts its own events on the filter's index.
 */
async function boundAndSize(db: Db, filter: AuditFilter): Promise<{ upToSeq: number; total: number }> {
  if (!hasFilter(filter)) {
    const head = await db
      .selectFrom('auditEventCount')
      .select((eb) => [
        'n',
        eb
          .selectFrom('auditEvents')
          .select((inner) => inner.fn.max('seq').as('seq'))
          .as('seq'),
      ])
      .executeTakeFirst();
    return { upToSeq: head?.seq ?? 0, total: head?.n ?? 0 };
  }
  const head = await db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const upToSeq = head?.seq ?? 0;
  const counted = await filteredEvents(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', '<=', upToSeq)
    .executeTakeFirst();
  return { upToSeq, total: counted?.n ?? 0 };
}

/** Prepares an export: fixes its upper bound and size now, then yields lines as they are read. */
export async function exportAuditLog(db: Db, filter: AuditFilter, format: ExportFormat): Promise<AuditExport> {
  checkFilter(filter);
  const { upToSeq, total } = await boundAndSize(db, filter);
  const line = format === 'csv' ? csvLine : jsonLine;
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\r\n`;
    const pages = pagesBySeq((after) =>
      filteredEvents(db, filter).where('seq', '>', after).where('seq', '<=', upToSeq).orderBy('seq').limit(BATCH).execute(),
    );
    // Chunks of a hundred lines: few writes to the socket, yet each small enough (tens of KB) to be
    // young garbage the next scavenge frees, where a whole page as one string would wait for a full GC.
    for await (const rows of pages)
      for (let i = 0; i < rows.length; i += CHUNK)
        yield rows
          .slice(i, i + CHUNK)
          .map(line)
          .join('');
  }
  return { total, upToSeq, lines: lines() };
}

/** An agent's export: who took a copy of the log, and of what, is itself part of the record. */
export async function exportAuditLogAs(
  db: Db,
  agent: Agent,
  request: AuditFilter & { format: ExportFormat },
  now: Date,
): Promise<AuditExport> {
  const { format, ...filter } = request;
  const exported = await exportAuditLog(db, filter, format);
  await appendAudit(
    db,
    { ...agentActor(agent), action: 'audit.exported', details: { format, filter, events: exported.total, upToSeq: exported.upToSeq } },
    now,
  );
  return exported;
}
