/**
 * Migration 0020: `accounts.locale`, the language of a user's e-mails and account pages ('en' or 'de',
 * issue 13 §8). Every existing account keeps English, as before.
 */
import type { Kysely, Migration } from 'kysely';

export const accountLanguage: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('accounts')
      .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
      .execute();
  },
};
