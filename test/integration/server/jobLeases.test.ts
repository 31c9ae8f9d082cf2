/**
 * Housekeeping jobs across backend instances on one database: every instance runs housekeeping at
 * once (twice each, as overlapping timers would), period after period, and each job runs exactly
 * once per period across them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEKEEPING_PERIOD_SECONDS, JOBS, runHousekeeping, type JobName } from '../../../src-server/domain/platform/housekeeping.js';
import { takeJobLease } from '../../../src-server/domain/platform/jobLeases.js';
import type { Store } from '../../../src-server/store/openStore.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let stores: Store[];
beforeAll(async () => {
  backend = await startBackend();
  stores = [backend.store, (await backend.startInstance()).store, (await backend.startInstance()).store];
});
afterAll(async () => {
  await backend?.close();
});

const runEverywhere = () =>
  Promise.all(
    [...stores, ...stores].map((store) =>
      runHousekeeping({ db: store.db, mailer: null, now: () => backend.clock.now(), auditDetailsRetentionDays: 30 }),
    ),
  );

describe('housekeeping jobs on three instances', () => {
  it('runs each job exactly once per period however many runners start it at once', async () => {
    for (let period = 0; period < 10; period++) {
      const results = await runEverywhere();
      const runs = new Map<JobName, number>();
      for (const job of results.flatMap((result) => result.ran)) runs.set(job, (runs.get(job) ?? 0) + 1);
      expect(Object.fromEntries(runs)).toEqual(Object.fromEntries(JOBS.map((job) => [job, 1])));
      // Within the same period nobody runs a job again.
      expect((await runEverywhere()).flatMap((result) => result.ran)).toEqual([]);
      backend.clock.advance(HOUSEKEEPING_PERIOD_SECONDS);
    }
  });

  it('gives a lease to exactly one of many instances taking it at once, and to another once it ran out', async () => {
    const now = backend.clock.now();
    const takers = Array.from({ length: 12 }, (_, i) => ({ owner: `instance-${i}`, store: stores[i % stores.length]! }));
    const taken = await Promise.all(takers.map(({ owner, store }) => takeJobLease(store.db, 'probe', owner, now, 30)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const later = new Date(now.getTime() + 29_000);
    expect(await Promise.all(takers.map(({ owner, store }) => takeJobLease(store.db, 'probe', owner, later, 30)))).not.toContain(true);
    const expired = new Date(now.getTime() + 30_000);
    const again = await Promise.all(takers.map(({ owner, store }) => takeJobLease(store.db, 'probe', owner, expired, 30)));
    expect(again.filter(Boolean)).toHaveLength(1);
    const row = await backend.store.db.selectFrom('jobLeases').selectAll().where('job', '=', 'probe').executeTakeFirstOrThrow();
    expect(row.owner).toBe(takers[again.indexOf(true)]?.owner);
  });
});
