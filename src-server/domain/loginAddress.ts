/** The canonical form of a login address: local part lower-cased, domain lower-cased in ASCII (IDNA). */
import { normaliseAddress } from './disableRequest/address.js';

export interface NormalisedLogin {
  loginNorm: string;
  domain: string;
}

/** Returns null when the text is not an address we can hold as a login. */
export function normaliseLogin(address: string): NormalisedLogin | null {
  const normalised = normaliseAddress(address);
  if (!normalised) return null;
  return { loginNorm: `${normalised.local}@${normalised.domainAscii}`, domain: normalised.domainAscii };
}

export function nameSearchForms(displayName: string): { nameNorm: string; surnameNorm: string } {
  const words = displayName.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const nameNorm = words.join(' ');
  const surnameNorm = words.length > 1 ? [...words.slice(-1), ...words.slice(0, -1)].join(' ') : nameNorm;
  return { nameNorm, surnameNorm };
}
