/**
 * Migration 0013: housekeeping jobs run once across the cluster. Each job has one row; an instance
 * runs the job only after taking the row's lease (domain/jobLeases.ts), which lasts about one period.
 */
import type { Kysely, Migration } from 'kysely';

export const jobLeasesTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('job_leases')
      .addColumn('job', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text', (c) => c.notNull())
      .execute();
  },
};
