/**
 * The report's figures on the support mailboxes: requests per day by how their check came out, and the
 * oldest one still waiting, equal to a count of the stored items (seeded as the intake records them,
 * over several days, outside the series and ahead of the clock).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { addSeconds, iso } from '../../../src-server/domain/platform/clock.js';
import type { IncomingRequestsTable } from '../../../src-server/store/schema.js';
import type { MfaReport } from '../../../src-shared/auditApi.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

const DAY = 86_400;
let backend: TestBackend;
let auditor: AxiosInstance;
let uid = 0;

function item(daysAgo: number, status: IncomingRequestsTable['status'], verdict: IncomingRequestsTable['verdict'] = null) {
  const at = iso(addSeconds(backend.clock.now(), -daysAgo * DAY));
  return {
    id: randomUUID(),
    mailbox: 'support@imap.desk.example:993/INBOX',
    uidValidity: '1',
    uid: ++uid,
    status,
    setAsideReason: status === 'set_aside' ? 'auto_submitted' : null,
    receivedAt: at,
    createdAt: at,
    verdict,
  };
}

const dayOf = (daysAgo: number) => iso(addSeconds(backend.clock.now(), -daysAgo * DAY)).slice(0, 10);
const reportNow = async () => (await auditor.get<MfaReport>('/admin/v1/reports/mfa')).data;

beforeAll(async () => {
  backend = await startBackend();
  auditor = await backend.agentHttp(await backend.createAgent('auditor'));
});
afterAll(async () => backend?.close());

describe('requests from the support mailboxes in the report', () => {
  it('is empty and has nothing waiting before any mail', async () => {
    const { intake } = await reportNow();
    expect(intake.open).toBe(0);
    expect(intake.oldestOpenAt).toBeNull();
    expect(intake.series).toHaveLength(90);
    expect(intake.series.every((d) => d.received === 0)).toBe(true);
  });

  it('counts each day’s requests by outcome, and the oldest request still waiting', async () => {
    const rows = [
      // 40 days ago: an attack wave of look-alikes and failed checks, one verified, all worked through.
      ...Array.from({ length: 5 }, () => item(40, 'done', 'lookalike')),
      item(40, 'done', 'mismatch'),
      item(40, 'done', 'unauthenticated'),
      item(40, 'done', 'verified'),
      // 3 days ago: the oldest request still waiting (unmatched), and a bounce.
      item(3, 'unmatched'),
      item(3, 'set_aside'),
      // Today: open requests, one still being processed.
      item(0, 'open', 'verified'),
      item(0, 'open', 'invalid'),
      item(0, 'open', 'not_a_request'),
      item(0, 'processing'),
      // Before the series (not counted), and after the clock (counted today).
      item(120, 'done', 'verified'),
      item(-1, 'open', 'lookalike'),
    ];
    await backend.store.db.insertInto('incomingRequests').values(rows).execute();
    const { intake } = await reportNow();
    const day = (daysAgo: number) => intake.series.find((d) => d.day === dayOf(daysAgo));

    expect(intake.series.map((d) => d.day)).toEqual(Array.from({ length: 90 }, (_, i) => dayOf(89 - i)));
    expect(day(40)).toEqual({ day: dayOf(40), received: 8, verified: 1, lookalike: 5, failed: 2, unmatched: 0, setAside: 0 });
    expect(day(3)).toEqual({ day: dayOf(3), received: 2, verified: 0, lookalike: 0, failed: 0, unmatched: 1, setAside: 1 });
    expect(day(0)).toEqual({ day: dayOf(0), received: 5, verified: 1, lookalike: 1, failed: 2, unmatched: 0, setAside: 0 });
    expect(intake.series.reduce((sum, d) => sum + d.received, 0)).toBe(15);
    // Waiting: open and unmatched items; the oldest is the unmatched one from 3 days ago.
    expect(intake.open).toBe(5);
    expect(intake.oldestOpenAt).toBe(rows[8]!.receivedAt);
  });
});
