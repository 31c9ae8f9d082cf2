/**
 * The generated organisation's rows (bench/generateOrganisation.ts): each account depends only on its
 * index, one hashed password and one clock reading, so batches can be made anywhere — on the writing
 * thread or in a worker (organisationRowsWorker.ts) — and come out the same.
 */
import { randomUUID } from 'node:crypto';
import { accountRow } from '../src-server/domain/accounts/accounts.js';
import { nameSearchForms } from '../src-server/domain/accounts/loginAddress.js';
import { loginSkeleton } from '../src-server/domain/accounts/loginSkeleton.js';
import { iso } from '../src-server/domain/platform/clock.js';
import type { SecretBox } from '../src-server/domain/credentials/secretBox.js';
import { newTotpSecret } from '../src-server/domain/credentials/totp.js';
import type { AccountsTable, TotpFactorsTable } from '../src-server/store/schema.js';

const FIRST = [
  'anna',
  'ben',
  'carla',
  'david',
  'elif',
  'farid',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kemal',
  'lena',
  'marco',
  'nora',
  'oskar',
  'priya',
  'rosa',
  'sven',
  'tara',
  'vera',
  'yuki',
  'zoe',
];
const LAST = [
  'schmidt',
  'okafor',
  'lindqvist',
  'moreau',
  'kowalski',
  'novak',
  'rossi',
  'haddad',
  'tanaka',
  'jensen',
  'garcia',
  'muller',
  'brennan',
  'dubois',
  'petrova',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Support', 'Operations', 'People', 'Legal', 'Marketing', 'Research', 'Procurement'];
const DOMAINS = ['northwind.example', 'northwind-labs.example', 'contoso.example', 'fabrikam.example', 'tailspin.example'];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export const ACCOUNT_COLUMNS = [
  'id',
  'login',
  'login_norm',
  'domain',
  'display_name',
  'name_norm',
  'surname_norm',
  'login_skeleton',
  'department',
  'password_hash',
  'mfa_state',
  'failed_attempts',
  'next_attempt_at',
  'locked_until',
  'created_at',
] as const;
export const FACTOR_COLUMNS = [
  'id',
  'account_id',
  'secret_enc',
  'status',
  'created_at',
  'confirmed_at',
  'last_step',
  'last_used_at',
  'revoked_at',
] as const;
export type Value = string | number | null;
const accountValues = (a: AccountsTable): Value[] => [
  a.id,
  a.login,
  a.loginNorm,
  a.domain,
  a.displayName,
  a.nameNorm,
  a.surnameNorm,
  a.loginSkeleton,
  a.department,
  a.passwordHash,
  a.mfaState,
  a.failedAttempts,
  a.nextAttemptAt,
  a.lockedUntil,
  a.createdAt,
];
const factorValues = (f: TotpFactorsTable): Value[] => [
  f.id,
  f.accountId,
  f.secretEnc,
  f.status,
  f.createdAt,
  f.confirmedAt,
  f.lastStep,
  f.lastUsedAt,
  f.revokedAt,
];

/** A batch of generated rows, in insert order. */
export interface OrganisationBatch {
  accounts: Value[][];
  factors: Value[][];
}

/** Account `i`'s names; its login is lower-case ASCII, so its own normal form (checked against the app once a batch). */
export function generatedAccount(i: number) {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const domain = DOMAINS[i % DOMAINS.length]!;
  return { first, last, domain, login: `${first}.${last}.${i}@${domain}` };
}

/**
 * What the report counters must hold for the generated rows, counted in memory as the rows are made
 * (independently of the SQL that fills the counters after the load).
 */
export class OrganisationTally {
  readonly states = new Map<string, number>();
  readonly days = new Map<string, { created: number; confirmed: number; revoked: number }>();

  private day(at: string) {
    const key = at.slice(0, 10);
    let counts = this.days.get(key);
    if (!counts) this.days.set(key, (counts = { created: 0, confirmed: 0, revoked: 0 }));
    return counts;
  }

  account(row: AccountsTable) {
    const key = stateKey(row.department, row.domain, row.mfaState);
    this.states.set(key, (this.states.get(key) ?? 0) + 1);
    this.day(row.createdAt).created++;
  }

  /** Adds what another tally counted (a worker's, for one batch). */
  add(other: Pick<OrganisationTally, 'states' | 'days'>) {
    for (const [key, n] of other.states) this.states.set(key, (this.states.get(key) ?? 0) + n);
    for (const [key, counts] of other.days) {
      const mine = this.day(key);
      mine.created += counts.created;
      mine.confirmed += counts.confirmed;
      mine.revoked += counts.revoked;
    }
  }

  factor(factor: TotpFactorsTable) {
    if (factor.confirmedAt === null) return;
    this.day(factor.confirmedAt).confirmed++;
    if (factor.revokedAt !== null) this.day(factor.revokedAt).revoked++;
  }
}

export const stateKey = (department: string, domain: string, state: string) => `${department} / ${domain} / ${state}`;

/**
 * The rows of accounts `start` to `end - 1`; each account depends only on its index (and one hashed
 * password, one clock reading). Each row is counted in `tally`.
 */
export function organisationRows(
  start: number,
  end: number,
  passwordHash: string,
  box: SecretBox,
  nowMs: number,
  tally: OrganisationTally,
): OrganisationBatch {
  const accounts: Value[][] = [];
  const factors: Value[][] = [];
  const usedAt = iso(new Date(nowMs));
  // What repeats is worked out once: a day's timestamp, a name's search forms.
  const days = new Map<number, string>();
  const names = new Map<string, { nameNorm: string; surnameNorm: string }>();
  for (let i = start; i < end; i++) {
    const { first, last, domain, login } = generatedAccount(i);
    const day = i % 400;
    let created = days.get(day);
    if (created === undefined) days.set(day, (created = iso(new Date(nowMs - day * 86_400_000))));
    const displayName = `${cap(first)} ${cap(last)}`;
    let forms = names.get(displayName);
    if (!forms) names.set(displayName, (forms = nameSearchForms(displayName)));
    const row: AccountsTable = {
      id: randomUUID(),
      login,
      loginNorm: login,
      domain,
      loginSkeleton: loginSkeleton(login),
      displayName,
      ...forms,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      locale: 'en',
      passwordHash,
      mfaState: 'off',
      failedAttempts: 0,
      nextAttemptAt: null,
      lockedUntil: null,
      createdAt: created,
    };
    if (i === start) {
      const app = accountRow({ login, displayName, department: row.department }, passwordHash, new Date(created));
      for (const key of ['loginNorm', 'domain', 'loginSkeleton', 'nameNorm', 'surnameNorm', 'createdAt'] as const)
        if (app[key] !== row[key]) throw new Error(`The generator's ${key} differs from the app's: ${row[key]} ≠ ${app[key]}`);
    }
    const roll = (i * 7919) % 100;
    if (roll < 70) {
      row.mfaState = 'on';
      const id = randomUUID();
      const factor: TotpFactorsTable = {
        id,
        accountId: row.id,
        secretEnc: box.seal(newTotpSecret(), id),
        status: 'active',
        createdAt: created,
        confirmedAt: created,
        lastStep: null,
        lastUsedAt: usedAt,
        revokedAt: null,
      };
      tally.factor(factor);
      factors.push(factorValues(factor));
      if (roll < 2) {
        row.failedAttempts = 10;
        // Locks end over the next day, as a day of attempts against many accounts leaves them.
        row.lockedUntil = iso(new Date(nowMs + (15 + (i % 1440)) * 60_000));
      }
    } else if (roll < 76) row.mfaState = 'pending';
    tally.account(row);
    accounts.push(accountValues(row));
  }
  return { accounts, factors };
}
