/**
 * The locked-account counters (migration 0025, store/accountLockCounts.ts) against a brute-force count:
 * hundreds of locks written at once, then unlocks, relocks, moves between departments, domains and MFA
 * states, and deletes, read at instants on every side of the minute and hour edges the reader splits
 * at, before and after housekeeping forgets the periods long past; and the report over HTTP agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRow } from '../../../src-server/domain/accounts/accounts.js';
import { PERMANENT_LOCK } from '../../../src-server/domain/credentials/attemptThrottle.js';
import { addSeconds, iso } from '../../../src-server/domain/platform/clock.js';
import { lockedAccounts, purgePastLockCounts } from '../../../src-server/domain/report/lockedAccounts.js';
import type { MfaReport } from '../../../src-shared/auditApi.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let start: Date;
const ACCOUNTS = 400;
const DEPARTMENTS = ['Sales', 'Finance', 'Legal'];
const DOMAINS = ['north.example', 'south.example'];
const STATES = ['off', 'pending', 'on'] as const;

/** Lock ends around the edges the reader splits at: this minute, this hour, later hours, a day, for ever, already past. */
const lockEnds = (now: Date) => [
  addSeconds(now, -30),
  addSeconds(now, 1),
  addSeconds(now, 45),
  addSeconds(now, 61),
  addSeconds(now, 15 * 60),
  addSeconds(now, 59 * 60),
  addSeconds(now, 61 * 60),
  addSeconds(now, 3 * 3600 + 7),
  addSeconds(now, 24 * 3600),
];
const lockFor = (now: Date, i: number) => {
  const ends = lockEnds(now);
  return i % (ends.length + 1) === ends.length ? PERMANENT_LOCK : iso(ends[i % (ends.length + 1)]!);
};

const key = (r: { department: string; domain: string; mfaState: string }) => `${r.department}|${r.domain}|${r.mfaState}`;

async function bruteForce(at: Date) {
  const rows = await backend.store.db.selectFrom('accounts').select(['department', 'domain', 'mfaState', 'lockedUntil']).execute();
  const counts = new Map<string, number>();
  for (const r of rows) if (r.lockedUntil !== null && r.lockedUntil > iso(at)) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

async function counted(at: Date) {
  const counts = new Map<string, number>();
  for (const r of await lockedAccounts(backend.store.db, at)) counts.set(key(r), (counts.get(key(r)) ?? 0) + r.n);
  return counts;
}

/** Instants on both sides of every lock's end, of minute and hour edges, from a minute ago to two days on. */
function instants(now: Date) {
  const offsets = [
    0,
    0.5,
    1.5,
    44,
    46,
    59,
    60,
    62,
    14 * 60,
    16 * 60,
    3540,
    3600,
    3720,
    3 * 3600 + 6,
    3 * 3600 + 8,
    86_399,
    86_401,
    2 * 86_400,
  ];
  const minuteEdge = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  const hourEdge = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return [
    ...offsets.map((s) => addSeconds(now, s)),
    ...[minuteEdge, hourEdge].flatMap((edge) => [addSeconds(edge, -0.001), edge, addSeconds(edge, 0.001)]),
  ];
}

async function expectExactAt(now: Date) {
  for (const at of instants(now)) expect([iso(at), await counted(at)]).toEqual([iso(at), await bruteForce(at)]);
}

beforeAll(async () => {
  backend = await startBackend();
  start = backend.clock.now();
  const rows = Array.from({ length: ACCOUNTS }, (_, i) => ({
    ...accountRow(
      { login: `lock.${i}@${DOMAINS[i % DOMAINS.length]}`, displayName: `Lock ${i}`, department: DEPARTMENTS[i % DEPARTMENTS.length]! },
      null,
      start,
    ),
    mfaState: STATES[i % STATES.length]!,
  }));
  // A tenth are created locked: the insert trigger counts them.
  for (const [i, row] of rows.entries()) if (i % 10 === 0) row.lockedUntil = lockFor(start, i / 10);
  await backend.store.db.insertInto('accounts').values(rows).execute();
});
afterAll(() => backend.close());

describe('locked accounts, counted per period their lock ends in', () => {
  it('agree with a brute-force count after hundreds of locks written at once', async () => {
    const ids = await backend.store.db.selectFrom('accounts').select('id').where('login', 'like', 'lock.%').orderBy('login').execute();
    await Promise.all(
      ids.map(({ id }, i) =>
        backend.store.db
          .updateTable('accounts')
          .set({ lockedUntil: lockFor(start, i * 7), failedAttempts: 10 })
          .where('id', '=', id)
          .execute(),
      ),
    );
    await expectExactAt(start);
  });

  it('stay exact through unlocks, relocks, moves between groups and deletes, all at once', async () => {
    const ids = await backend.store.db.selectFrom('accounts').select('id').where('login', 'like', 'lock.%').orderBy('login').execute();
    const change = (id: string, i: number) => {
      const where = backend.store.db.updateTable('accounts').where('id', '=', id);
      switch (i % 6) {
        case 0:
          return where.set({ lockedUntil: null, failedAttempts: 0 }).execute();
        case 1:
          return where.set({ lockedUntil: lockFor(start, i + 3) }).execute();
        case 2:
          return where.set({ department: DEPARTMENTS[(i + 1) % DEPARTMENTS.length]! }).execute();
        case 3:
          return where.set({ mfaState: STATES[(i + 1) % STATES.length]!, domain: DOMAINS[(i + 1) % DOMAINS.length]! }).execute();
        case 4:
          return backend.store.db.deleteFrom('accounts').where('id', '=', id).execute();
        default:
          // A write that changes none of the counted columns.
          return where.set({ failedAttempts: 11 }).execute();
      }
    };
    await Promise.all(ids.map(({ id }, i) => change(id, i)));
    await expectExactAt(start);
  });

  it('stay exact after housekeeping forgets the periods long past, and the report over HTTP agrees', async () => {
    const before = await backend.store.db.selectFrom('accountLockCounts').select('endsIn').execute();
    expect(await purgePastLockCounts(backend.store.db, start)).toBe(0);
    const later = addSeconds(start, 3 * 3600);
    const forgotten = await purgePastLockCounts(backend.store.db, later);
    expect(forgotten).toBeGreaterThan(0);
    expect((await backend.store.db.selectFrom('accountLockCounts').select('endsIn').execute()).length).toBe(before.length - forgotten);
    await expectExactAt(later);

    backend.clock.advance(61 * 60 + 30);
    const auditor = await backend.agentHttp(await backend.createAgent('auditor'));
    const report: MfaReport = (await auditor.get('/admin/v1/reports/mfa')).data;
    const expected = [...(await bruteForce(backend.clock.now())).values()].reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThan(0);
    expect(report.locked).toBe(expected);
    expect(report.totals.byState.locked).toBe(expected);
  });
});
