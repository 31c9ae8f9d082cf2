/** The canonical form of a login address: local part lower-cased, domain lower-cased in ASCII (IDNA). */
import { domainToASCII } from 'node:url';

export interface NormalisedLogin {
  loginNorm: string;
  domain: string;
}

/** Returns null when the text is not an address we can hold as a login. */
export function normaliseLogin(address: string): NormalisedLogin | null {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (!domain || /\s/.test(local)) return null;
  return { loginNorm: `${local.toLowerCase()}@${domain}`, domain };
}

export function nameSearchForms(displayName: string): { nameNorm: string; surnameNorm: string } {
  const words = displayName.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const nameNorm = words.join(' ');
  const surnameNorm = words.length > 1 ? [...words.slice(-1), ...words.slice(0, -1)].join(' ') : nameNorm;
  return { nameNorm, surnameNorm };
}
