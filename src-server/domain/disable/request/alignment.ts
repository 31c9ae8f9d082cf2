/**
 * DKIM alignment as DMARC defines it (RFC 7489 §3.1.1). Relaxed, the default: the signing domain
 * and the From domain share their organisational domain, so d=mail.contoso.example vouches for
 * From @contoso.example and d=contoso.example for From @eu.contoso.example. Strict, only where the
 * From domain's DMARC record says `adkim=s`: the signing domain is the From domain itself.
 * Organisational domains come from mailauth (the public suffix list it ships), never from a list of
 * our own, so a public suffix such as `co.uk` is never anyone's organisation.
 */
import { dmarc } from 'mailauth';
import { domainToAsciiForm } from './address.js';
import type { DnsResolver } from './types.js';

export interface AlignmentPolicy {
  mode: 'relaxed' | 'strict';
  /** The From domain's organisational domain, ASCII. */
  organisationalDomain: string;
  /** Why only the From domain itself may sign, when mode is strict: in words for the agent. */
  strictBecause: string | null;
}

// Tag values per RFC 7489 §6.4; blanks around `=` are allowed and tags are case-insensitive.
const ADKIM_TAG = /(?:^|;)\s*adkim\s*=\s*([a-z]+)\s*(?=;|$)/i;

/**
 * The alignment the From domain asks for. mailauth's DMARC evaluation finds the record the way
 * RFC 7489 §6.6.3 says (the From domain's, else its organisational domain's) and names the
 * organisational domain; its own alignment result is not used, because it treats `adkim=s` as
 * relaxed. When the record cannot be looked up we assume strict: a DNS failure must not widen trust.
 */
export async function readAlignmentPolicy(fromDomainAscii: string, resolver: DnsResolver): Promise<AlignmentPolicy> {
  const result = await dmarc({ headerFrom: fromDomainAscii, resolver });
  const organisationalDomain = (result && domainToAsciiForm(result.domain)) || fromDomainAscii;
  if (!result || result.status.result === 'temperror') {
    return {
      mode: 'strict',
      organisationalDomain,
      strictBecause: `the DMARC record of ${fromDomainAscii} could not be looked up (DNS error; try again later)`,
    };
  }
  const adkim = ADKIM_TAG.exec(result.rr ?? '')?.[1]?.toLowerCase();
  if (adkim === 's') {
    return {
      mode: 'strict',
      organisationalDomain,
      strictBecause: `the DMARC record of ${fromDomainAscii} asks for strict alignment (adkim=s)`,
    };
  }
  return { mode: 'relaxed', organisationalDomain, strictBecause: null };
}

/** True when `domain` is `parent` or one of its subdomains (both ASCII, lower-case). */
export function isWithin(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}

/**
 * Whether a signature by `signingDomain` is aligned with the From domain under `policy`.
 * `sameOrganisation` is mailauth's own comparison of the two organisational domains (made while it
 * verified the signature); we also require the signer to lie within the organisational domain of the
 * From address as we read it, so both parsers must agree.
 */
export function isAligned(signingDomain: string, fromDomainAscii: string, policy: AlignmentPolicy, sameOrganisation: boolean): boolean {
  const signer = domainToAsciiForm(signingDomain);
  if (!signer) return false;
  if (signer === fromDomainAscii) return true;
  return policy.mode === 'relaxed' && sameOrganisation && isWithin(signer, policy.organisationalDomain);
}
