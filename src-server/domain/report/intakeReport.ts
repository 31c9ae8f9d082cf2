/**
 * The report's figures on the support mailboxes: requests per UTC day by how their check came out, and the
 * oldest request still waiting. One grouped read over the `incoming_requests_received` index range of the
 * series (migration 0021, covering: the table itself is not read), so the cost follows the requests of the
 * last 90 days, never the accounts; the waiting figures are incoming.count's.
 */
import { sql } from 'kysely';
import type { IntakeDay, IntakeReport } from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import { countIncoming } from '../intake/incoming.js';

/** The UTC day an item arrived; written out (not bound) so PostgreSQL sees the same expression in SELECT and GROUP BY. */
const receivedDay = sql<string>`substr(received_at, 1, 10)`;

type Outcome = Exclude<keyof IntakeDay, 'day' | 'received'>;

/** Which column of the day a stored item counts in; null for one still being processed (received only). */
export function outcomeOf(status: string, verdict: string | null): Outcome | null {
  if (status === 'set_aside') return 'setAside';
  if (verdict === 'verified') return 'verified';
  if (verdict === 'lookalike') return 'lookalike';
  if (verdict !== null) return 'failed';
  return status === 'unmatched' || status === 'done' ? 'unmatched' : null;
}

/** `days` are the series' UTC days, oldest first; an item dated after the last (a clock ahead) counts on it. */
export async function intakeReport(db: Db, days: string[], now: Date): Promise<IntakeReport> {
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  const rows = await db
    .selectFrom('incomingRequests')
    .select((eb) => [receivedDay.as('day'), 'status', 'verdict', eb.fn.countAll<number>().as('n')])
    .where('receivedAt', '>=', first)
    .groupBy([receivedDay, 'status', 'verdict'])
    .execute();
  const byDay = new Map<string, IntakeDay>(
    days.map((day) => [day, { day, received: 0, verified: 0, lookalike: 0, failed: 0, unmatched: 0, setAside: 0 }]),
  );
  for (const row of rows) {
    const entry = byDay.get(row.day > last ? last : row.day);
    if (!entry) continue;
    const n = row.n;
    entry.received += n;
    const outcome = outcomeOf(row.status, row.verdict);
    if (outcome) entry[outcome] += n;
  }
  const waiting = await countIncoming({ db, now: () => now });
  return { open: waiting.open, oldestOpenAt: waiting.oldestOpenAt, series: [...byDay.values()] };
}
