/**
 * Normalising and comparing mailbox addresses. The rule from the policy: the sender is the
 * login when the domains are equal after IDNA conversion to ASCII (so `bücher.example` and
 * `xn--bcher-kva.example` are one domain) and the local parts are equal ignoring case. The
 * RFC lets a receiving server treat the local part case-sensitively; no real provider does,
 * and users type their address in whatever case, so we follow practice.
 */
import { domainToASCII, domainToUnicode } from 'node:url';

export interface NormalisedAddress {
  /** Local part, lower-cased and in Unicode NFC. */
  local: string;
  /** Domain in IDNA ASCII form, lower-case: the form DNS and DKIM use. */
  domainAscii: string;
  /** Domain in its Unicode display form, as a mail client would show it. */
  domainUnicode: string;
}

// After IDNA conversion a host name is letters, digits, hyphens (and, in practice, underscores).
const ASCII_DOMAIN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
// Blanks, controls and the characters that delimit an address cannot be part of one.
const FORBIDDEN_IN_LOCAL = /[\s\p{Cc}<>()[\],;:@]/u;

/** Splits at the last '@' (a quoted local part may itself contain one). */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** Converts a domain to lower-case IDNA ASCII; null when it is not a valid host name. */
export function domainToAsciiForm(domain: string): string | null {
  const ascii = domainToASCII(domain.trim()).toLowerCase();
  if (!ascii || !ASCII_DOMAIN.test(ascii)) return null;
  return ascii;
}

/** The comparable form of an address, or null when it is not a usable addr-spec. */
export function normaliseAddress(address: string): NormalisedAddress | null {
  const parts = splitAddress(address.trim());
  if (!parts) return null;
  const unquoted = parts.local.replace(/^"(.*)"$/s, '$1');
  if (!unquoted || (unquoted === parts.local && FORBIDDEN_IN_LOCAL.test(unquoted))) return null;
  const domainAscii = domainToAsciiForm(parts.domain);
  if (!domainAscii) return null;
  return {
    local: parts.local.normalize('NFC').toLowerCase(),
    domainAscii,
    domainUnicode: domainToUnicode(domainAscii),
  };
}

/** Same mailbox under the policy's rule (IDNA domain, local part ignoring case). */
export function sameMailbox(a: NormalisedAddress, b: NormalisedAddress): boolean {
  return a.local === b.local && a.domainAscii === b.domainAscii;
}

export function formatAddress(address: NormalisedAddress): string {
  return `${address.local}@${address.domainAscii}`;
}

/**
 * The address as a person would read it on screen, case folded. Unlike `normaliseAddress`
 * this does not run IDNA mapping, which silently turns full-width letters and soft hyphens
 * into plain ones; comparing this form against the login's is how we notice that a sender
 * only equals the login after such a mapping.
 */
export function displayedForm(address: string): string {
  const parts = splitAddress(address.trim());
  if (!parts) return address.trim().toLowerCase();
  return `${parts.local.normalize('NFC').toLowerCase()}@${parts.domain.normalize('NFC').toLowerCase()}`;
}

/** The ways the login itself may legitimately be written: ASCII or Unicode domain. */
export function loginDisplayForms(login: NormalisedAddress): string[] {
  return [`${login.local}@${login.domainAscii}`, `${login.local}@${login.domainUnicode}`];
}

/** The local part without a sub-address tag (`alice+x` → `alice`). */
export function withoutPlusTag(local: string): string {
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
}
