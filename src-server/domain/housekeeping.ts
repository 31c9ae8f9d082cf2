/**
 * What the backend does every minute: retry e-mails whose delivery failed, drop raw request e-mails
 * past their retention, and redact audit details past theirs (the chain still verifies: it covers
 * a hash of the details), and forget the throttles of unknown logins that went quiet.
 */
import type { Db } from '../store/openStore.js';
import { purgeQuietThrottles } from './attemptAdmission.js';
import { redactOldDetails } from './audit.js';
import { addSeconds } from './clock.js';
import { deliverPendingNotifications, type Mailer } from './notifications.js';
import { purgeExpiredRawMessages } from './supportEvidence.js';

export interface HousekeepingDeps {
  db: Db;
  mailer: Mailer | null;
  now: () => Date;
  /** 0 keeps audit details for ever. */
  auditDetailsRetentionDays: number;
}

export async function runHousekeeping(deps: HousekeepingDeps) {
  const now = deps.now();
  const emailsRetried = await deliverPendingNotifications(deps.db, deps.mailer, deps.now);
  const rawMessagesPurged = await purgeExpiredRawMessages(deps.db, now);
  const detailsRedacted =
    deps.auditDetailsRetentionDays > 0 ? await redactOldDetails(deps.db, addSeconds(now, -deps.auditDetailsRetentionDays * 86400)) : 0;
  const throttlesForgotten = await purgeQuietThrottles(deps.db, now);
  return { emailsRetried, rawMessagesPurged, detailsRedacted, throttlesForgotten };
}
