/**
 * What the backend does every minute: chain audit events an instance left unchained, send e-mails that are due, drop raw request e-mails past their
 * retention, redact audit details past theirs (the chain still verifies: it covers a hash of the
 * details), forget the throttles of unknown logins that went quiet, and drop the lock counters of minutes
 * long past.
 *
 * With several backend instances each instance runs this on its timer, but each job runs in one of
 * them per period: an instance runs a job only after taking its lease (jobLeases.ts), which lasts a
 * little less than the period so the next tick can take it again.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/openStore.js';
import { purgeQuietThrottles } from '../credentials/attemptAdmission.js';
import { redactOldDetails } from '../audit/chain.js';
import { chainPendingAudit } from '../audit/chaining.js';
import { addSeconds } from './clock.js';
import { takeJobLease } from './jobLeases.js';
import { deliverPendingNotifications, type Mailer } from '../mail/notifications.js';
import { purgeExpiredRawMessages } from '../disable/evidence.js';
import { purgePastLockCounts } from '../report/lockedAccounts.js';

export interface HousekeepingDeps {
  db: Db;
  mailer: Mailer | null;
  now: () => Date;
  /** 0 keeps audit details for ever. */
  auditDetailsRetentionDays: number;
}

/** How often the server runs housekeeping, and so how long a job's lease lasts (less a margin). */
export const HOUSEKEEPING_PERIOD_SECONDS = 60;
const LEASE_SECONDS = HOUSEKEEPING_PERIOD_SECONDS - 10;

export const JOBS = [
  'outbox-delivery',
  'raw-message-retention',
  'audit-details-retention',
  'throttle-expiry',
  'lock-count-expiry',
] as const;
export type JobName = (typeof JOBS)[number];

const chores: Record<JobName, (deps: HousekeepingDeps, now: Date) => Promise<number>> = {
  'outbox-delivery': (deps) => deliverPendingNotifications(deps.db, deps.mailer, deps.now),
  'raw-message-retention': (deps, now) => purgeExpiredRawMessages(deps.db, now),
  'audit-details-retention': (deps, now) =>
    deps.auditDetailsRetentionDays > 0
      ? redactOldDetails(deps.db, addSeconds(now, -deps.auditDetailsRetentionDays * 86400))
      : Promise.resolve(0),
  'throttle-expiry': (deps, now) => purgeQuietThrottles(deps.db, now),
  'lock-count-expiry': (deps, now) => purgePastLockCounts(deps.db, now),
};

export interface HousekeepingResult {
  /** The jobs this call ran (the others ran elsewhere this period, or already here). */
  ran: JobName[];
  emailsRetried: number;
  rawMessagesPurged: number;
  detailsRedacted: number;
  throttlesForgotten: number;
  /** Lock counter rows of minutes long past, deleted. */
  lockCountsForgotten: number;
  /** Audit events left unchained (an instance stopped between its commit and its chaining step), now chained. */
  auditEventsChained: number;
}

export async function runHousekeeping(deps: HousekeepingDeps): Promise<HousekeepingResult> {
  const now = deps.now();
  const owner = randomUUID();
  // Not a leased job: chaining is its own lock's business, and every instance may take part.
  const auditEventsChained = (await chainPendingAudit(deps.db)).length;
  const done: Partial<Record<JobName, number>> = {};
  for (const job of JOBS) {
    if (await takeJobLease(deps.db, job, owner, now, LEASE_SECONDS)) done[job] = await chores[job](deps, now);
  }
  return {
    ran: JOBS.filter((job) => done[job] !== undefined),
    emailsRetried: done['outbox-delivery'] ?? 0,
    rawMessagesPurged: done['raw-message-retention'] ?? 0,
    detailsRedacted: done['audit-details-retention'] ?? 0,
    throttlesForgotten: done['throttle-expiry'] ?? 0,
    lockCountsForgotten: done['lock-count-expiry'] ?? 0,
    auditEventsChained,
  };
}
