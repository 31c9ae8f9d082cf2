/**
 * The user's choice of language for their e-mails and account pages (My Profile). A change is audited
 * in the same transaction, from what to what, so support can see why the user's mail changed language.
 */
import type { AccountLanguage } from '../../../src-shared/api.js';
import type { AccountsTable } from '../../store/schema.js';
import type { Db } from '../../store/openStore.js';
import { findAccountRow } from '../accounts/accounts.js';
import { appendAudit, userActor } from '../audit/chain.js';

/**
 * `PUT /v1/me/language`: sets the language of `account` (as just read); an unchanged choice changes (and
 * audits) nothing.
 */
export async function changeLanguage(db: Db, account: AccountsTable, language: AccountLanguage, now: Date): Promise<AccountsTable> {
  return db.transaction().execute(async (tx) => {
    // Compare-and-set on the language read: a change landing in between makes this one read again, so the
    // event always names the language it replaced.
    let before = account;
    for (;;) {
      if (before.locale === language) return before;
      const changed = await tx
        .updateTable('accounts')
        .set({ locale: language })
        .where('id', '=', account.id)
        .where('locale', '=', before.locale)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1) break;
      before = await findAccountRow(tx, account.id);
    }
    await appendAudit(
      tx,
      {
        ...userActor(before),
        action: 'account.language_changed',
        accountId: before.id,
        accountLogin: before.login,
        details: { languageBefore: before.locale, language },
      },
      now,
    );
    return { ...before, locale: language };
  });
}
