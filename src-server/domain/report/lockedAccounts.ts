/**
 * The accounts locked now, by department, domain and stored MFA state: the counters of the hours after
 * the current one and of this hour's minutes after the current one (store/accountLockCounts.ts), plus
 * the current minute's locks counted from the accounts (one minute of the accounts_locked range). The cost
 * follows the groups in use, not the number of locked accounts.
 */
import type { Db } from '../../store/openStore.js';
import { LOCK_GRAINS } from '../../store/accountLockCounts.js';
import { addSeconds, iso } from '../platform/clock.js';

export interface LockedGroup {
  department: string;
  domain: string;
  mfaState: string;
  n: number;
}

/** Counter rows of periods that ended this long ago are deleted: a clock stepped back by less still finds them. */
const KEEP_PAST_SECONDS = 3600;

const hourOf = (at: string) => at.slice(0, LOCK_GRAINS.hour);
const minuteOf = (at: string) => at.slice(0, LOCK_GRAINS.minute);

export async function lockedAccounts(db: Db, now: Date): Promise<LockedGroup[]> {
  const nowIso = iso(now);
  const nextHour = iso(addSeconds(new Date(`${hourOf(nowIso)}:00:00.000Z`), 3600));
  const nextMinute = iso(addSeconds(new Date(`${minuteOf(nowIso)}:00.000Z`), 60));
  const later = db
    .selectFrom('accountLockCounts')
    .select(['department', 'domain', 'mfaState', (eb) => eb.fn.sum<number>('n').as('n')])
    .where((eb) =>
      eb.or([
        eb.and([eb('grain', '=', 'hour'), eb('endsIn', '>', hourOf(nowIso))]),
        eb.and([eb('grain', '=', 'minute'), eb('endsIn', '>', minuteOf(nowIso)), eb('endsIn', '<', minuteOf(nextHour))]),
      ]),
    )
    .groupBy(['department', 'domain', 'mfaState']);
  // Grouping by locked_until first keeps the planner on the accounts_locked range.
  const thisMinute = db
    .selectFrom('accounts')
    .select(['department', 'domain', 'mfaState', (eb) => eb.fn.countAll<number>().as('n')])
    .where('lockedUntil', '>', nowIso)
    .where('lockedUntil', '<', nextMinute)
    .groupBy(['lockedUntil', 'mfaState', 'department', 'domain']);
  // One statement, so both parts are read in one snapshot: a lock moving between them is counted once.
  return (
    db
      .selectFrom(later.unionAll(thisMinute).as('l'))
      // Cast: PostgreSQL sums bigints into a numeric, which its driver hands back as text.
      .select(['department', 'domain', 'mfaState', (eb) => eb.cast<number>(eb.fn.sum('n'), 'integer').as('n')])
      .groupBy(['department', 'domain', 'mfaState'])
      .having((eb) => eb.fn.sum('n'), '<>', 0)
      .execute()
  );
}

export async function lockedAccountTotal(db: Db, now: Date): Promise<number> {
  return (await lockedAccounts(db, now)).reduce((sum, r) => sum + r.n, 0);
}

/** Housekeeping: forgets the counters of periods long past (their locks have ended). */
export async function purgePastLockCounts(db: Db, now: Date): Promise<number> {
  // An hour before the cut-off's hour has ended by then; so has a minute before its minute.
  const cutoff = iso(addSeconds(now, -KEEP_PAST_SECONDS));
  const result = await db
    .deleteFrom('accountLockCounts')
    .where((eb) =>
      eb.or([
        eb.and([eb('grain', '=', 'hour'), eb('endsIn', '<', hourOf(cutoff))]),
        eb.and([eb('grain', '=', 'minute'), eb('endsIn', '<', minuteOf(cutoff))]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
