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

function describe(field: string, keyword: string, limit: unknown, value: NewAccount): string {
  if (field === 'login') return `${quoted(value.login)} is not an e-mail address (a plain address such as name@example.com)`;
  const name = FIELD_NAMES[field] ?? field;
  if (field === 'displayName' && keyword === 'minLength') return 'the name is empty';
  if (field === 'password' && keyword === 'minLength') return `an initial password needs at least ${String(limit)} characters`;
  if (keyword === 'maxLength') return `${name} is longer than ${String(limit)} characters`;
  return `${name} is not valid`;
}

/**
 * Trims the text fields (as the account will be stored) and checks the result; an empty list of
 * problems means the account may be created.
 */
export function checkNewAccount(input: NewAccount): { account: NewAccount; problems: FieldProblem[] } {
  const account: NewAccount = {
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
  return { account, problems };
}

/** The API's form of the same check: a 400 problem naming every field at fault. */
export function requireValidNewAccount(input: NewAccount): NewAccount {
  const { account, problems } = checkNewAccount(input);
  if (problems.length)
    throw new DeskProblem(400, 'invalid_account', `The account cannot be created: ${problems.map((p) => p.message).join('; ')}.`, {
      errors: problems.map((p) => ({ path: `/${p.field}`, message: p.message })),
    });
  return account;
}
