/**
 * A lease per housekeeping job, so that with several backend instances a job runs in one of them per
 * period. Taking a lease is one statement (insert, or take over a row whose lease ran out), atomic on
 * SQLite and PostgreSQL alike: of instances trying at once, exactly one gets the row back.
 */
import type { Db } from '../../store/openStore.js';
import { addSeconds, iso } from './clock.js';

/** True when `owner` now holds the job's lease until `seconds` from `now`. */
export async function takeJobLease(db: Db, job: string, owner: string, now: Date, seconds: number): Promise<boolean> {
  const taken = await db
    .insertInto('jobLeases')
    .values({ job, owner, leaseUntil: iso(addSeconds(now, seconds)) })
    .onConflict((conflict) =>
      conflict
        .column('job')
        .doUpdateSet({ owner, leaseUntil: iso(addSeconds(now, seconds)) })
        .where('jobLeases.leaseUntil', '<=', iso(now)),
    )
    .returning('job')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Extends a lease `owner` holds; false when it lost it (it ran out and another instance took it). */
export async function renewJobLease(db: Db, job: string, owner: string, now: Date, seconds: number): Promise<boolean> {
  const renewed = await db
    .updateTable('jobLeases')
    .set({ leaseUntil: iso(addSeconds(now, seconds)) })
    .where('job', '=', job)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}

/** Gives a lease up at once (a clean stop), so another instance need not wait for it to run out. */
export async function releaseJobLease(db: Db, job: string, owner: string): Promise<void> {
  await db.deleteFrom('jobLeases').where('job', '=', job).where('owner', '=', owner).execute();
}
