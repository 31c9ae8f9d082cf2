/**
 * Migration 0018: the number of events in the audit log, kept by triggers in the same transaction as
 * every insert or delete of an event (any writer, even one outside this code), so a whole-log export
 * knows its size from one row instead of counting a million events before its first byte. Existing
 * events are counted once, here.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

export function auditEventCount(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_event_count')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('n', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into audit_event_count (id, n) select 1, count(*) from audit_events`.execute(db);
      if (dialect === 'sqlite') {
        await sql`create trigger audit_events_count_insert after insert on audit_events
          begin update audit_event_count set n = n + 1; end`.execute(db);
        await sql`create trigger audit_events_count_delete after delete on audit_events
          begin update audit_event_count set n = n - 1; end`.execute(db);
        return;
      }
      // One update per statement (the chaining step inserts hundreds of events in one), not per row.
      await sql`create function audit_event_count() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then
            update audit_event_count set n = n + (select count(*) from changed_events);
          else
            update audit_event_count set n = n - (select count(*) from changed_events);
          end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger audit_events_count_insert after insert on audit_events
        referencing new table as changed_events for each statement execute function audit_event_count()`.execute(db);
      await sql`create trigger audit_events_count_delete after delete on audit_events
        referencing old table as changed_events for each statement execute function audit_event_count()`.execute(db);
    },
  };
}
