/**
 * Whether this instance can serve: the database answers and every migration this build knows has
 * been applied (an instance started against a database another instance is still migrating, or one
 * left half-migrated, is not ready). A load balancer sends traffic only to ready instances.
 */
import { Migrator, sql } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Store } from './openStore.js';

export type Readiness = { ready: true } | { ready: false; code: 'database_unreachable' | 'migrations_pending'; detail: string };

export async function storeReadiness(store: Store): Promise<Readiness> {
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ready: false, code: 'database_unreachable', detail: `The database does not answer: ${reason}.` };
  }
  const migrations = await new Migrator({ db: store.db, provider: migrationProvider(store.dialect) }).getMigrations();
  const pending = migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
  if (pending.length > 0)
    return {
      ready: false,
      code: 'migrations_pending',
      detail: `The database is not migrated to this version: ${pending.join(', ')} not applied. Start one instance of this version to migrate it.`,
    };
  return { ready: true };
}
