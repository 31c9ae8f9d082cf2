/** Accounts as support sees them: creation, search, detail and history. */
import { randomUUID } from 'node:crypto';
import type { AccountDetail, AuditEvent, NewAccount, Page } from '../../../src-shared/api.js';
import type { MfaState } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable } from '../../store/schema.js';
import { appendAudit, type AuditEntry } from '../audit/chain.js';
import { listAuditEvents } from '../audit/log.js';
import { isLocked } from '../credentials/attemptThrottle.js';
import { iso } from '../platform/clock.js';
import { nameSearchForms, normaliseLogin } from './loginAddress.js';
import { loginSkeleton } from './loginSkeleton.js';
import { requireValidNewAccount } from './newAccount.js';
import { hashPassword } from '../credentials/passwords.js';
import { conflict, DeskProblem, notFound } from '../platform/problems.js';

export type Actor = Pick<AuditEntry, 'actorType' | 'actorId' | 'actorLabel'>;

/** The state support sees: the stored state, or locked while a lock runs. */
export function effectiveMfaState(
  row: Pick<AccountsTable, 'mfaState' | 'failedAttempts' | 'nextAttemptAt' | 'lockedUntil'>,
  now: Date,
): MfaState {
  return isLocked(row, now) ? 'locked' : row.mfaState;
}

/** Builds the row for a new account; throws a 400 problem when the login is not an address. */
export function accountRow(input: NewAccount, passwordHash: string | null, now: Date): AccountsTable {
  const login = normaliseLogin(input.login);
  if (!login) throw new DeskProblem(400, 'invalid_login', `"${input.login}" is not an e-mail address.`, { params: { login: input.login } });
  return {
    id: randomUUID(),
    login: input.login.trim(),
    ...login,
    loginSkeleton: loginSkeleton(login.loginNorm),
    displayName: input.displayName.trim(),
    ...nameSearchForms(input.displayName),
    department: input.department.trim(),
    locale: input.locale ?? 'en',
    passwordHash,
    mfaState: 'off',
    failedAttempts: 0,
    nextAttemptAt: null,
    lockedUntil: null,
    createdAt: iso(now),
  };
}

export async function createAccount(db: Db, input: NewAccount, actor: Actor, now: Date): Promise<AccountDetail> {
  // The CSV import checks every line with this same function.
  const account = requireValidNewAccount(input);
  const passwordHash = account.password ? await hashPassword(account.password) : null;
  const row = accountRow(account, passwordHash, now);
  await db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('accounts').select('id').where('loginNorm', '=', row.loginNorm).executeTakeFirst();
    if (taken) throw conflict('login_taken', `An account with the login ${row.login} already exists.`, { login: row.login });
    await tx.insertInto('accounts').values(row).execute();
    await appendAudit(
      tx,
      {
        ...actor,
        action: 'account.created',
        accountId: row.id,
        accountLogin: row.login,
        details: { department: row.department, language: row.locale },
      },
      now,
    );
  });
  return getAccount(db, row.id, now);
}

export async function findAccountRow(db: Db, id: string): Promise<AccountsTable> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('account');
  return row;
}

export async function getAccount(db: Db, id: string, now: Date): Promise<AccountDetail> {
  const row = await findAccountRow(db, id);
  const factor = await db
    .selectFrom('totpFactors')
    .select(['confirmedAt', 'lastUsedAt'])
    .where('accountId', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return {
    id: row.id,
    login: row.login,
    displayName: row.displayName,
    department: row.department,
    locale: row.locale,
    createdAt: row.createdAt,
    mfa: {
      state: effectiveMfaState(row, now),
      enrolledAt: factor?.confirmedAt ?? null,
      lastUsedAt: factor?.lastUsedAt ?? null,
      failedAttempts: row.failedAttempts,
      lockedUntil: isLocked(row, now) ? row.lockedUntil : null,
    },
  };
}

/** An account's history, newest first: the audit log filtered to the account. */
export async function accountEvents(
  db: Db,
  id: string,
  query: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<AuditEvent>> {
  await findAccountRow(db, id);
  return listAuditEvents(db, { account: id, cursor: query.cursor, limit: query.limit });
}
