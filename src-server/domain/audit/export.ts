/**
 * Audit log export as CSV (RFC 4180) or JSON Lines, produced batch by batch so a log of millions of
 * events streams in bounded memory. Rows go out in chain order with `prevHash` and `hash`, and
 * `details` exactly as stored (the JSON text the hash covers), so the file verifies offline with
 * `npm run verify-audit -- <file>` (scripts/verify-audit-export.ts).
 */
import type { Agent } from '../../../src-shared/api.js';
import type { AuditFilter } from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import { agentActor, appendAudit } from './chain.js';
import { BATCH, checkFilter, filteredEvents, type StoredEvent } from './log.js';

export type ExportFormat = 'csv' | 'jsonl';

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

export function jsonLine(e: StoredEvent): string {
  return `${JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, e[c]])))}\n`;
}

export interface AuditExport {
  /** Events the export will hold: the client's progress bar counts lines against it. */
  total: number;
  /** The last sequence number included; events appended while streaming are left for the next export. */
  upToSeq: number;
  lines: AsyncGenerator<string>;
}

/** Prepares an export: fixes its upper bound and size now, then yields lines as they are read. */
export async function exportAuditLog(db: Db, filter: AuditFilter, format: ExportFormat): Promise<AuditExport> {
  checkFilter(filter);
  const head = await db
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const upToSeq = Number(head?.seq ?? 0);
  const counted = await filteredEvents(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', '<=', upToSeq)
    .executeTakeFirst();
  const line = format === 'csv' ? csvLine : jsonLine;
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\r\n`;
    let after = 0;
    for (;;) {
      const rows = await filteredEvents(db, filter)
        .where('seq', '>', after)
        .where('seq', '<=', upToSeq)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      // One chunk per batch: fewer, larger writes to the socket.
      if (rows.length) yield rows.map((r) => line({ ...r, seq: Number(r.seq) })).join('');
      if (rows.length < BATCH) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  return { total: Number(counted?.n ?? 0), upToSeq, lines: lines() };
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
