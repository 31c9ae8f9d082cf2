/**
 * Migration 0017: the support mailbox intake.
 * - `accounts.login_skeleton` (indexed): what each login looks like, so a look-alike sender finds the
 *   login it imitates in one index lookup; filled here for the accounts that exist.
 * - `incoming_requests`: each message read from a mailbox, unique by (mailbox, UIDVALIDITY, UID), so a
 *   message is recorded once however many instances read it and however often a crash repeats it.
 * - `outbox.from_address`, `in_reply_to`, `references_header`: a reply to an incoming request goes
 *   out from the support address in the request's thread.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { loginSkeleton } from '../domain/accounts/loginSkeleton.js';

/** Rows per backfill statement: 2 parameters each stays under SQLite's and PostgreSQL's limits. */
const BACKFILL_BATCH = 5000;

/**
 * Fills `login_skeleton` for the existing accounts: the skeleton is computed in JavaScript (Unicode
 * confusables), then written one statement per batch, an UPDATE joined to a VALUES list on the primary
 * key (`column1`/`column2` are the names both SQLite and PostgreSQL give a VALUES list's columns).
 */
async function backfillSkeletons(db: Kysely<unknown>) {
  // Migrations run through the store's CamelCasePlugin: columns are named in camelCase here.
  const accounts = db.withTables<{ accounts: { id: string; loginNorm: string } }>();
  for (let after = ''; ;) {
    const batch = await accounts
      .selectFrom('accounts')
      .select(['id', 'loginNorm'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .execute();
    const last = batch.at(-1);
    if (!last) break;
    const values = sql.join(batch.map((row) => sql`(${row.id}, ${loginSkeleton(row.loginNorm)})`));
    await sql`update accounts set login_skeleton = v.column2 from (values ${values}) as v where accounts.id = v.column1`.execute(db);
    if (batch.length < BACKFILL_BATCH) break;
    after = last.id;
  }
}

export const mailboxIntakeTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('accounts').addColumn('login_skeleton', 'text').execute();
    await backfillSkeletons(db);
    // The look-alike lookup of a sender's skeleton.
    await db.schema.createIndex('accounts_login_skeleton').on('accounts').column('login_skeleton').execute();

    await db.schema
      .createTable('incoming_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mailbox', 'text', (c) => c.notNull())
      .addColumn('uid_validity', 'text', (c) => c.notNull())
      .addColumn('uid', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('set_aside_reason', 'text')
      .addColumn('from_address', 'text')
      .addColumn('from_name', 'text')
      .addColumn('subject', 'text')
      .addColumn('message_id', 'text')
      .addColumn('references_header', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('match_kind', 'text')
      .addColumn('request_id', 'text')
      .addColumn('verdict', 'text')
      .addColumn('ticket_ref', 'text')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_by_label', 'text')
      .addColumn('claim_until', 'text')
      .addColumn('done_at', 'text')
      .addColumn('done_by_label', 'text')
      .execute();
    // A message once: whoever inserts its key first processes it.
    await db.schema
      .createIndex('incoming_requests_message')
      .unique()
      .on('incoming_requests')
      .columns(['mailbox', 'uid_validity', 'uid'])
      .execute();
    // The queue by status, oldest first (list pages, the open count, the oldest open request).
    await db.schema.createIndex('incoming_requests_status').on('incoming_requests').columns(['status', 'received_at', 'id']).execute();
    // A disable citing a checked request finds its incoming item.
    await db.schema.createIndex('incoming_requests_request').on('incoming_requests').column('request_id').execute();

    await db.schema.alterTable('outbox').addColumn('from_address', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('in_reply_to', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('references_header', 'text').execute();
  },
};
