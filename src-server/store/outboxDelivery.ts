/**
 * Migration 0012: the outbox is delivered by whichever backend instance claims an e-mail first.
 * - `message_id`: the Message-ID every attempt of one e-mail carries, so a retry after a crash (sent,
 *   but not yet marked sent) is recognisable as the same message. E-mails already queued get one too.
 * - `lease_owner`, `lease_until`: the instance sending it now, until when; an expired lease is free.
 * - `attempts`, `next_attempt_at`: failed attempts so far and when the next is due (backoff).
 * - `failed_at`: set when delivery gave up; such an e-mail is never tried again.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const outboxDelivery: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outbox').addColumn('message_id', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('lease_owner', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('lease_until', 'text').execute();
    await db.schema
      .alterTable('outbox')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('outbox').addColumn('next_attempt_at', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('failed_at', 'text').execute();
    await sql`update outbox set message_id = '<' || id || '@mfa-desk.outbox>'`.execute(db);
    // The delivery worker looks only at e-mails still to send, in order of when they are due.
    await db.schema.createIndex('outbox_due').on('outbox').columns(['sent_at', 'next_attempt_at']).execute();
  },
};
