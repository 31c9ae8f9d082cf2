/**
 * Is the message really from the From domain? Two ways to prove it, per the policy:
 * a DKIM signature that mailauth verifies, from the From domain (or a parent of it), covering
 * the From header; or a DMARC pass recorded by one of our own receiving servers in the
 * topmost Authentication-Results header. A signature that fails is never a pass, whatever
 * else the message claims.
 */
import { dkimVerify } from 'mailauth';
import { domainToAsciiForm, isParentOrSameDomain } from './address.js';
import { parseAuthenticationResults } from './authenticationResults.js';
import type { DisableRequestCheck, DnsResolver } from './types.js';

/** The parts of mailauth's per-signature result we read (its .d.ts leaves some out). */
interface SignatureResult {
  signingDomain?: string;
  selector?: string;
  status: { result: string; comment?: string; aligned?: string | false; underSized?: number };
  signingHeaders?: { keys?: string };
}

interface DkimFindings {
  check: DisableRequestCheck;
  /** A signature of the sender's domain is present but does not verify: the message was altered. */
  alignedSignatureBroken: boolean;
}

export interface AuthenticationFindings {
  checks: DisableRequestCheck[];
  authenticated: boolean;
}

function signsFrom(signature: SignatureResult): boolean {
  const keys = (signature.signingHeaders?.keys ?? '').split(':').map((key) => key.trim().toLowerCase());
  return keys.includes('from');
}

/** Why a signature did not verify, in words an agent can act on. */
function brokenReason(signature: SignatureResult): string {
  const where = `${signature.selector ?? '?'}._domainkey.${signature.signingDomain ?? '?'}`;
  const comment = signature.status.comment ?? '';
  if (comment.includes('body hash')) return 'the message body was changed after it was signed';
  if (comment === 'bad signature') return 'the signed headers were changed after signing';
  if (comment === 'no key') return `no DKIM key is published at ${where}`;
  if (comment === 'expired') return 'the signature has expired';
  if (signature.status.result === 'temperror') return `the DKIM key at ${where} could not be looked up (DNS error); try again later`;
  if (signature.status.result === 'policy') return 'the signing key is too weak';
  return comment || `the result was "${signature.status.result}"`;
}

function dkimCheck(passed: boolean, message: string, alignedSignatureBroken = false): DkimFindings {
  return { check: { code: 'dkim_aligned', passed, message }, alignedSignatureBroken };
}

/** Verifies the DKIM signatures and asks whether one of them vouches for the From domain. */
export async function checkDkim(raw: Buffer, fromDomainAscii: string, resolver: DnsResolver, now: Date): Promise<DkimFindings> {
  const verification = await dkimVerify(raw, { resolver, curTime: now });
  const signatures = (verification.results as unknown as SignatureResult[]).filter((entry) => entry.status.result !== 'none');
  if (signatures.length === 0) {
    return dkimCheck(false, 'The message carries no DKIM signature.');
  }

  const verified = signatures.filter((entry) => entry.status.result === 'pass');
  const aligned = verified.filter(
    // Both tests: ours (signer is the From domain or a parent) and mailauth's organisational
    // domain (so a bare public suffix like `co.uk` cannot pass as a parent).
    (entry) => isParentOrSameDomain(fromDomainAscii, entry.signingDomain ?? '') && Boolean(entry.status.aligned),
  );
  const good = aligned.find((entry) => signsFrom(entry) && !entry.status.underSized);
  if (good) {
    return dkimCheck(
      true,
      `The message is signed with DKIM by ${good.signingDomain ?? ''}, the sender's own domain, and the signature verifies.`,
    );
  }
  const partial = aligned.find((entry) => entry.status.underSized);
  if (partial) {
    return dkimCheck(
      false,
      `The DKIM signature from ${partial.signingDomain ?? ''} covers only the start of the body and text was added after it.`,
      true,
    );
  }
  if (aligned.length > 0) {
    return dkimCheck(
      false,
      `The DKIM signature from ${aligned[0]?.signingDomain ?? ''} does not cover the From header, so the sender could have been changed.`,
    );
  }
  const broken = signatures.find(
    (entry) => entry.status.result !== 'pass' && isParentOrSameDomain(fromDomainAscii, entry.signingDomain ?? ''),
  );
  if (broken) {
    // A DNS failure says nothing about the message; anything else means it was altered.
    return dkimCheck(
      false,
      `The DKIM signature from ${broken.signingDomain ?? ''} does not verify: ${brokenReason(broken)}.`,
      broken.status.result !== 'temperror',
    );
  }
  if (verified.length > 0) {
    const domains = [...new Set(verified.map((entry) => entry.signingDomain ?? ''))].join(', ');
    return dkimCheck(
      false,
      `The message is signed by ${domains}, not by the sender's domain ${fromDomainAscii}, so the signature says nothing about the sender.`,
    );
  }
  const first = signatures[0];
  return dkimCheck(
    false,
    `The DKIM signature from ${first?.signingDomain ?? ''} does not verify: ${first ? brokenReason(first) : 'unknown'}.`,
  );
}

/**
 * DMARC as recorded by our own mail server. Only the topmost Authentication-Results header
 * counts: every server adds its header on top, so anything below ours was already in the
 * message when it arrived and may have been written by the sender.
 */
export function checkTrustedDmarc(
  authResultsTopFirst: string[],
  fromDomainAscii: string,
  trustedAuthservIds: string[],
): DisableRequestCheck {
  const fail = (message: string): DisableRequestCheck => ({ code: 'dmarc_trusted_receiver', passed: false, message });
  const topmostValue = authResultsTopFirst[0];
  if (topmostValue === undefined) {
    return fail('The message has no Authentication-Results header from a receiving mail server.');
  }
  const topmost = parseAuthenticationResults(topmostValue);
  if (!topmost) {
    return fail('The topmost Authentication-Results header cannot be read.');
  }
  const trusted = new Set(trustedAuthservIds.map((id) => id.trim().toLowerCase()));
  if (!trusted.has(topmost.authservId)) {
    return fail(
      `The topmost Authentication-Results header was written by "${topmost.authservId}", which is not one of our trusted mail servers; headers below it are ignored because a sender can write them.`,
    );
  }
  const dmarc = topmost.results.filter((entry) => entry.method === 'dmarc');
  const forSender = dmarc.filter((entry) => domainToAsciiForm(entry.properties['header.from'] ?? '') === fromDomainAscii);
  if (forSender.length > 0 && forSender.every((entry) => entry.result === 'pass')) {
    return {
      code: 'dmarc_trusted_receiver',
      passed: true,
      message: `Our mail server ${topmost.authservId} recorded a DMARC pass for ${fromDomainAscii}.`,
    };
  }
  if (forSender.length > 0) {
    return fail(
      `Our mail server ${topmost.authservId} recorded DMARC "${forSender.find((entry) => entry.result !== 'pass')?.result ?? ''}" for ${fromDomainAscii}.`,
    );
  }
  if (dmarc.length > 0) {
    return fail(`Our mail server ${topmost.authservId} recorded DMARC for a different domain than the sender's (${fromDomainAscii}).`);
  }
  return fail(`Our mail server ${topmost.authservId} recorded no DMARC result for this message.`);
}

/** Both proofs, plus a summary check that says whether either holds. */
export async function checkAuthentication(
  raw: Buffer,
  fromDomainAscii: string,
  authResultsTopFirst: string[],
  options: { resolver: DnsResolver; now: Date; trustedAuthservIds: string[] },
): Promise<AuthenticationFindings> {
  const dkim = await checkDkim(raw, fromDomainAscii, options.resolver, options.now);
  const dmarc = checkTrustedDmarc(authResultsTopFirst, fromDomainAscii, options.trustedAuthservIds);
  // Our server's DMARC pass was about the message as it arrived; a broken signature of the
  // sender's domain shows that what we hold now is not that message.
  const dmarcStillHolds = dmarc.passed && !dkim.alignedSignatureBroken;
  const authenticated = dkim.check.passed || dmarcStillHolds;
  let message = `Nothing proves the message comes from ${fromDomainAscii}: anyone can type this From address.`;
  if (authenticated) {
    message = `The message is proven to come from ${fromDomainAscii} (${dkim.check.passed ? 'DKIM signature' : 'DMARC at our mail server'}).`;
  } else if (dmarc.passed) {
    message = `Our mail server recorded DMARC pass for ${fromDomainAscii}, but the sender's DKIM signature no longer verifies, so the message was changed after it arrived.`;
  }
  const summary: DisableRequestCheck = { code: 'authenticated', passed: authenticated, message };
  return { checks: [dkim.check, dmarc, summary], authenticated };
}
