/**
 * Migration 0010: re-enrolment links are no longer stored where anyone can read them. The outbox kept
 * every link e-mail exactly as sent, so any console role could read a live link. From now on the text
 * to send is sealed in `sealed_body` (see domain/mail/notifications.ts) and `body` shows the link redacted.
 *
 * Links stored before were readable by every role, so they are treated as leaked: each is redacted in
 * its e-mail and withdrawn from its ticket (support sends a new link, which the console offers), and a
 * link e-mail still waiting to be sent is withdrawn rather than sent later with a dead link.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

// The link's shape and the redaction mark as they were when this migration was written (kept frozen here).
const LIVE_LINK = /(\/account\/enrol#ticket=)([A-Za-z0-9_-]+)/g;
const REDACTED = '[redacted]';
const WITHDRAWN_NOTE = 'Not sent: the re-enrolment link in it was withdrawn when links stopped being stored readable. Send a new link.';

/** Only single-word columns are read back, so the store's camel-case plugin cannot rename a result. */
type Tables = {
  outbox: { id: string; body: string; sent_at: string | null; error: string | null; withdrawn_at: string | null };
  enrollment_tickets: { id: string; token_hash: string; version: number };
};

export const outboxSealedLinks: Migration = {
  async up(schema: Kysely<unknown>) {
    await schema.schema.alterTable('outbox').addColumn('sealed_body', 'text').execute();
    await schema.schema.alterTable('outbox').addColumn('withdrawn_at', 'text').execute();
    const db = schema.withTables<Tables>();
    const now = new Date().toISOString();
    for (const sent of [true, false]) {
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'body'])
        .where('body', 'like', '%/account/enrol#ticket=%')
        .where('sent_at', sent ? 'is not' : 'is', null)
        .execute();
      for (const row of rows) {
        const tokens = [...row.body.matchAll(LIVE_LINK)].map((match) => match[2] ?? '');
        if (tokens.length === 0) continue;
        for (const token of tokens) await withdrawLink(db, token);
        await db
          .updateTable('outbox')
          .set({
            body: row.body.replace(LIVE_LINK, `$1${REDACTED}`),
            ...(sent ? {} : { withdrawn_at: now, error: WITHDRAWN_NOTE }),
          })
          .where('id', '=', row.id)
          .execute();
      }
    }
  },
};

/** The link stops working: its ticket no longer answers to the token's hash (the hash stays unique). */
async function withdrawLink(db: Kysely<Tables>, token: string) {
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const tickets = await db.selectFrom('enrollment_tickets').select('id').where('token_hash', '=', tokenHash).execute();
  for (const { id } of tickets)
    await db
      .updateTable('enrollment_tickets')
      .set((eb) => ({ token_hash: `withdrawn:${id}`, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
}
