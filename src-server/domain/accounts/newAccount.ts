/**
 * The one check a new account passes, whether it arrives through the API or a CSV import: the
 * contract's NewAccount schema (the same one the route validates with: lengths, the login pattern)
 * and the server's login rule (loginAddress.ts). Problems are worded for the person who has to fix
 * the line or the form.
 */
import { Compile } from 'typebox/compile';
import { NewAccount } from '../../../src-shared/api.js';
import { normaliseLogin } from './loginAddress.js';
import { DeskProblem } from '../platform/problems.js';

const contract = Compile(NewAccount);

export interface FieldProblem {
  field: string;
  message: string;
}

/** Long input is quoted only in part: a problem report must stay readable. */
const quoted = (text: string) => `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;

const FIELD_NAMES: Record<string, string> = {
  displayName: 'the name',
  department: 'the department',
  password: 'an initial password',
  locale: 'the language (en or de)',
};

function describe(field: string, keyword: string, limit: unknown, value: NewAccountFields): string {
  if (field === 'login') return `${quoted(value.login)} is not an e-mail address (a plain address such as name@example.com)`;
  const name = FIELD_NAMES[field] ?? field;
  if (field === 'displayName' && keyword === 'minLength') return 'the name is empty';
  if (field === 'password' && keyword === 'minLength') return `an initial password needs at least ${String(limit)} characters`;
  if (keyword === 'maxLength') return `${name} is longer than ${String(limit)} characters`;
  return `${name} is not valid`;
}

/** A new account as given (a line of a CSV file): its language is any text until checked. */
export type NewAccountFields = Omit<NewAccount, 'locale'> & { locale?: string };

export interface CheckedAccount {
  /** The fields trimmed, as the account will be stored. */
  account: NewAccountFields;
  /** The same account when nothing is wrong with it: it may be created. */
  valid: NewAccount | null;
  problems: FieldProblem[];
}

/** Trims the text fields (as the account will be stored) and checks the result. */
export function checkNewAccount(input: NewAccountFields): CheckedAccount {
  const account: NewAccountFields = {
    login: input.login.trim(),
    displayName: input.displayName.trim(),
    department: input.department.trim(),
    ...(input.password === undefined ? {} : { password: input.password }),
    ...(input.locale === undefined ? {} : { locale: input.locale }),
  };
  const problems: FieldProblem[] = [];
  for (const error of contract.Errors(account)) {
    const field = error.instancePath.replace(/^\//, '') || 'account';
    // One problem per field: the first is the one to fix.
    if (problems.some((p) => p.field === field)) continue;
    const limit = 'limit' in error.params ? error.params.limit : undefined;
    problems.push({ field, message: describe(field, error.keyword, limit, account) });
  }
  if (!problems.some((p) => p.field === 'login') && !normaliseLogin(account.login))
    problems.push({ field: 'login', message: describe('login', 'pattern', undefined, account) });
  return { account, valid: problems.length === 0 && contract.Check(account) ? account : null, problems };
}

/** The API's form of the same check: a 400 problem naming every field at fault. */
export function requireValidNewAccount(input: NewAccount): NewAccount {
  const { valid, problems } = checkNewAccount(input);
  if (!valid)
    throw new DeskProblem(400, 'invalid_account', `The account cannot be created: ${problems.map((p) => p.message).join('; ')}.`, {
      errors: problems.map((p) => ({ path: `/${p.field}`, message: p.message })),
    });
  return valid;
}
