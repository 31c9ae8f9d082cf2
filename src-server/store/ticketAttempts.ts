/**
 * Migration 0019: a re-enrolment link counts its own wrong tries (`failed_attempts`, `next_attempt_at`,
 * `locked_until`, claimed like any other throttle in domain/credentials/attemptAdmission.ts), so that
 * starting a re-enrolment no longer eases the account's lock after 100 failures.
 *
 * Accounts whose lock was eased that way before (the last ten tries before it, reopened on the
 * ordinary sign-in page too) and that have not enrolled since are locked for good again: 90 or more
 * failures in a row, no lock in force, and a re-enrolment that did not complete. Their link still
 * works, on its own throttle, and enrolling clears the lock.
 */
import { sql, type Kysely, type Migration } from 'kysely';

// Values of the domain at the time of writing, kept here so that later changes do not rewrite history.
const EASED_FROM = 90;
const PERMANENT_AFTER = 100;
const PERMANENT_LOCK = '9999-12-31T23:59:59.999Z';

export const ticketAttempts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('enrollment_tickets')
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('enrollment_tickets').addColumn('next_attempt_at', 'text').execute();
    await db.schema.alterTable('enrollment_tickets').addColumn('locked_until', 'text').execute();
    const now = new Date().toISOString();
    await sql`update accounts
      set failed_attempts = ${PERMANENT_AFTER}, next_attempt_at = null, locked_until = ${PERMANENT_LOCK}
      where failed_attempts >= ${EASED_FROM}
        and (locked_until is null or locked_until <= ${now})
        and exists (select 1 from enrollment_tickets t where t.account_id = accounts.id and t.status <> 'enrolled')`.execute(db);
  },
};
