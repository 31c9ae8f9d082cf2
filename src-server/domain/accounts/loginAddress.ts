/**
 * The login rule and the canonical form of a login: local part lower-cased, domain lower-cased in ASCII
 * (IDNA). Account creation through the API, the CSV import, sign-in and the mailer's envelope all go
 * through `normaliseLogin`, so one rule decides what a login is.
 */
import { LOGIN_PATTERN } from '../../../src-shared/api.js';
import { normaliseAddress } from '../disable/request/address.js';

export interface NormalisedLogin {
  loginNorm: string;
  domain: string;
}

// The contract's pattern (the API schema uses the same one): a plain addr-spec, nothing else.
const PLAIN_ADDR_SPEC = new RegExp(LOGIN_PATTERN, 'u');
// What the pattern's "any non-ASCII letter" lets through but no address may hold: blanks, controls,
// invisible formatting characters, unassigned code points.
const HIDDEN = /[\p{White_Space}\p{C}]/u;
// After IDNA: labels of 1–63 letters, digits, hyphens (not at either end) or underscores; 253 in all.
const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Returns null when the text is not an address we can hold as a login. */
export function normaliseLogin(address: string): NormalisedLogin | null {
  const text = address.trim();
  if (text.length > 254 || !PLAIN_ADDR_SPEC.test(text) || HIDDEN.test(text)) return null;
  const normalised = normaliseAddress(text);
  if (!normalised) return null;
  const domain = normalised.domainAscii;
  if (domain.length > 253 || !domain.split('.').every((label) => HOST_LABEL.test(label))) return null;
  return { loginNorm: `${normalised.local}@${domain}`, domain };
}

/** A name's search forms: lower-case words, and the last word first; control characters count as blanks. */
export function nameSearchForms(displayName: string): { nameNorm: string; surnameNorm: string } {
  const words = displayName
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const nameNorm = words.join(' ');
  const surnameNorm = words.length > 1 ? [...words.slice(-1), ...words.slice(0, -1)].join(' ') : nameNorm;
  return { nameNorm, surnameNorm };
}
