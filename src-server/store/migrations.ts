/**
 * Schema migrations, written with Kysely's schema builder so the same code creates the SQLite and
 * the PostgreSQL schema. Each index names the query it serves.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import {
  accountSearchIndex,
  namesNotLeadingLogins,
  substringsPastFieldStarts,
  substringsPastFieldStartsSqlite,
  substringWalkIndex,
} from './accountSearchIndex.js';
import { outboxSealedLinks } from './outboxSealedLinks.js';
import { outboxDelivery } from './outboxDelivery.js';
import { jobLeasesTable } from './jobLeasesTable.js';
import { auditPendingTable } from './auditPendingTable.js';
import { reportCounters } from './reportCounters.js';
import { mailboxIntakeTables } from './mailboxIntakeTables.js';
import { ticketAttempts } from './ticketAttempts.js';
import { auditEventCount } from './auditEventCount.js';
import { accountLanguage } from './accountLanguage.js';
import { accountLockCounts } from './accountLockCounts.js';

export type Dialect = 'sqlite' | 'postgres';

function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('login_norm', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('name_norm', 'text', (c) => c.notNull())
        .addColumn('surname_norm', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('mfa_state', 'text', (c) => c.notNull().defaultTo('off'))
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Exact and prefix search by login; uniqueness ignoring case.
      await db.schema.createIndex('accounts_login_norm').unique().on('accounts').column('login_norm').execute();
      // Search by domain ("@example.com"), ordered by login for the cursor.
      await db.schema.createIndex('accounts_domain_login').on('accounts').columns(['domain', 'login_norm']).execute();
      // Prefix search by name.
      await db.schema.createIndex('accounts_name_norm').on('accounts').columns(['name_norm', 'login_norm']).execute();
      await db.schema.createIndex('accounts_surname_norm').on('accounts').columns(['surname_norm', 'login_norm']).execute();
      // Reports: counts by state, and by department or domain with state.
      await db.schema.createIndex('accounts_state').on('accounts').column('mfa_state').execute();
      await db.schema.createIndex('accounts_department_state').on('accounts').columns(['department', 'mfa_state']).execute();

      await db.schema
        .createTable('totp_factors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('last_step', 'integer')
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('totp_factors_account_status').on('totp_factors').columns(['account_id', 'status']).execute();

      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_norm', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('totp_secret_enc', 'text', (c) => c.notNull())
        .addColumn('totp_last_step', 'integer')
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      // Ending every session of one user or agent.
      await db.schema.createIndex('sessions_subject').on('sessions').columns(['subject_type', 'subject_id']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('seq', dialect === 'postgres' ? sql`bigserial` : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('account_login', 'text')
        .addColumn('reason', 'text')
        .addColumn('ticket_ref', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // An account's history, newest first.
      await db.schema.createIndex('audit_account_seq').on('audit_events').columns(['account_id', 'seq']).execute();
      // Audit filters by actor, by action, by time.
      await db.schema.createIndex('audit_actor_seq').on('audit_events').columns(['actor_id', 'seq']).execute();
      await db.schema.createIndex('audit_action_seq').on('audit_events').columns(['action', 'seq']).execute();
      await db.schema.createIndex('audit_at').on('audit_events').column('at').execute();
    },
  };
}

/** Disable requests as evidence, escalations for the two-person rule, idempotency keys, the mail outbox. */
const supportActions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('disable_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('checks', 'text', (c) => c.notNull())
      .addColumn('warnings', 'text', (c) => c.notNull())
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('header_block', 'text')
      .addColumn('sha256', 'text')
      .addColumn('message_id', 'text')
      .addColumn('raw_message', 'text')
      .addColumn('raw_expires_at', 'text')
      .addColumn('checked_by', 'text', (c) => c.notNull())
      .addColumn('checked_by_label', 'text', (c) => c.notNull())
      .addColumn('checked_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    // An account's requests, newest first; and "was this Message-ID cited before?".
    await db.schema.createIndex('disable_requests_account').on('disable_requests').columns(['account_id', 'checked_at']).execute();
    await db.schema.createIndex('disable_requests_message_id').on('disable_requests').column('message_id').execute();

    await db.schema
      .createTable('escalations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('request_id', 'text')
      .addColumn('justification', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('ticket_ref', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_by_label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_by_label', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .execute();
    // The admins' queue: pending first, oldest first.
    await db.schema.createIndex('escalations_status').on('escalations').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['agent_id', 'key'])
      .execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text')
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute();
  },
};

/** Re-enrolment on a new phone: tickets with the time of every step; enrol-only sessions scoped to a ticket. */
const enrollmentTickets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('enrollment_tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('ticket_ref', 'text', (c) => c.notNull())
      .addColumn('revoke_old_now', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_by_label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('email_sent_at', 'text')
      .addColumn('link_opened_at', 'text')
      .addColumn('signed_in_at', 'text')
      .addColumn('qr_shown_at', 'text')
      .addColumn('enrolled_at', 'text')
      .addColumn('ended_at', 'text')
      .addColumn('emails_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // The account's current ticket; and the report's "resets pending and overdue".
    await db.schema.createIndex('enrollment_tickets_account').on('enrollment_tickets').columns(['account_id', 'created_at']).execute();
    await db.schema.createIndex('enrollment_tickets_status').on('enrollment_tickets').columns(['status', 'expires_at']).execute();
    await db.schema.alterTable('sessions').addColumn('scope', 'text').execute();
  },
};

/**
 * The audit area's report, alerts and coverage series read only indexes, so they stay fast at a
 * million accounts without counters that every writer of an account would have to keep right.
 */
const auditReporting: Migration = {
  async up(db: Kysely<unknown>) {
    // Report: one pass over this index gives the totals, the departments and the login domains.
    await db.schema.createIndex('accounts_org_state').on('accounts').columns(['department', 'domain', 'mfa_state']).execute();
    // Report: locked accounts (few) with everything the breakdowns need, without touching the table.
    await db.schema.createIndex('accounts_locked').on('accounts').columns(['locked_until', 'mfa_state', 'department', 'domain']).execute();
    // Coverage series: accounts created, factors confirmed and revoked, per day of the last 90.
    await db.schema.createIndex('accounts_created').on('accounts').column('created_at').execute();
    await db.schema.createIndex('totp_factors_confirmed').on('totp_factors').column('confirmed_at').execute();
    await db.schema.createIndex('totp_factors_revoked').on('totp_factors').columns(['revoked_at', 'confirmed_at']).execute();
    // Report and alerts: support disables, resets, replays and lockouts within a time window.
    await db.schema.createIndex('audit_action_at').on('audit_events').columns(['action', 'at']).execute();
  },
};

/**
 * The chain covers a hash of each event's details rather than the details themselves, so retention can
 * redact old details and the chain still verifies. Existing events get their details hash here.
 */
const auditDetailsHash: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_events').addColumn('details_hash', 'text').execute();
    const events = db.withTables<{ audit_events: { seq: number; details: string; details_hash: string | null } }>();
    for (;;) {
      const rows = await events
        .selectFrom('audit_events')
        .select(['seq', 'details'])
        .where('details_hash', 'is', null)
        .limit(1000)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        await events
          .updateTable('audit_events')
          .set({ details_hash: createHash('sha256').update(row.details).digest('hex') })
          .where('seq', '=', row.seq)
          .execute();
      }
    }
  },
};

/** The report's gap lists page through accounts of one state in login order. */
const gapListIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('accounts_state_login').on('accounts').columns(['mfa_state', 'login_norm']).execute();
  },
};

/** An invited agent must replace the one-time password an admin handed over before doing anything else. */
const agentPasswordChange: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('agents')
      .addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

/**
 * Guessing paths admit an attempt before the slow check. Logins that match no account or agent get a
 * throttle of their own, so an unknown login answers exactly like a known one; clock checks count
 * their slots in a fixed window.
 */
const attemptAdmission: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('unknown_login_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('locked_until', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Housekeeping forgets throttles of unknown logins that went quiet.
    await db.schema.createIndex('unknown_login_attempts_updated').on('unknown_login_attempts').column('updated_at').execute();
    await db.schema
      .createTable('attempt_windows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attempt_windows_start').on('attempt_windows').column('window_start').execute();
  },
};

/**
 * A message that backed a disable never backs another. Each disable claims the message's fingerprints
 * (Message-ID, hash of sender + Date + canonical body, whole-message hash) as primary keys in the
 * disable's transaction: two disables citing one message, on any accounts or backend instances,
 * cannot both commit. No foreign keys: the claim outlives the account and the request it came from.
 */
const disableRequestReplay: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('disable_requests').addColumn('content_sha256', 'text').execute();
    await db.schema
      .createTable('used_request_messages')
      .addColumn('fingerprint', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** An account's e-mails, newest first, read from an index instead of filtering the whole outbox. */
const outboxByAccount: Migration = {
  async up(db) {
    await db.schema.createIndex('outbox_account_created').on('outbox').columns(['account_id', 'created_at', 'id']).execute();
  },
};

/**
 * The report's requests per day and outcome read one index range, covering (domain/report/intakeReport.ts):
 * the queue's own index leads with the status, which a range over days cannot use.
 */
const incomingByDay: Migration = {
  async up(db) {
    await db.schema
      .createIndex('incoming_requests_received')
      .on('incoming_requests')
      .columns(['received_at', 'status', 'verdict'])
      .execute();
  },
};

/** Migrations in order; names sort lexically, so keep the numeric prefix. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001_initial': initial(dialect),
        '0002_support_actions': supportActions,
        '0003_audit_reporting': auditReporting,
        '0004_enrollment_tickets': enrollmentTickets,
        '0005_audit_details_hash': auditDetailsHash,
        '0006_gap_list_index': gapListIndex,
        '0007_agent_password_change': agentPasswordChange,
        '0008_attempt_admission': attemptAdmission,
        '0009_disable_request_replay': disableRequestReplay,
        '0010_outbox_sealed_links': outboxSealedLinks,
        '0011_account_search_index': accountSearchIndex(dialect),
        '0012_outbox_delivery': outboxDelivery,
        '0013_job_leases': jobLeasesTable,
        '0014_outbox_by_account': outboxByAccount,
        '0015_audit_pending': auditPendingTable(dialect),
        '0016_report_counters': reportCounters(dialect),
        '0017_mailbox_intake': mailboxIntakeTables,
        '0018_audit_event_count': auditEventCount(dialect),
        '0019_ticket_attempts': ticketAttempts,
        '0020_account_language': accountLanguage,
        '0021_incoming_by_day': incomingByDay,
        '0022_names_not_leading_logins': namesNotLeadingLogins(dialect),
        '0023_substrings_past_field_starts': substringsPastFieldStarts(dialect),
        '0024_substring_walk_index': substringWalkIndex(dialect),
        '0025_account_lock_counts': accountLockCounts(dialect),
        '0026_substrings_past_field_starts_sqlite': substringsPastFieldStartsSqlite(dialect),
      }),
  };
}
