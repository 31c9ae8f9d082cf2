/**
 * Is the message really from the From domain? Two ways to prove it, per the policy:
 * a DKIM signature that mailauth verifies, aligned with the From domain as DMARC defines it
 * (alignment.ts), covering the From header; or a DMARC pass recorded by one of our own receiving
 * servers in the topmost Authentication-Results header. A signature that fails is never a pass,
 * whatever else the message claims. What the proof also covers (which header fields the good
 * signatures sign) is handed on, so the request's To and Date can be held to it.
 */
import { dkimVerify } from 'mailauth';
import { isRecord } from '../../../../src-shared/narrowing.js';
import { domainToAsciiForm } from './address.js';
import { isAligned, readAlignmentPolicy } from './alignment.js';
import { parseAuthenticationResults } from './authenticationResults.js';
import { checkResult, type DisableRequestCheck, type DnsResolver } from './types.js';

type CheckParams = DisableRequestCheck['params'];

/** The parts of mailauth's per-signature result we read (its .d.ts leaves some out and mistypes others). */
interface SignatureResult {
  signingDomain?: string;
  selector?: string;
  status: { result: string; comment?: string; aligned?: string | false; underSized?: number };
  signingHeaders?: { keys?: string };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** One of mailauth's per-signature results as we read it, each part checked; null for an entry without a result. */
function signatureResult(entry: unknown): SignatureResult | null {
  if (!isRecord(entry)) return null;
  const { status, signingHeaders } = entry;
  if (!isRecord(status) || typeof status.result !== 'string') return null;
  return {
    signingDomain: text(entry.signingDomain),
    selector: text(entry.selector),
    status: {
      result: status.result,
      comment: text(status.comment),
      // mailauth's organisational domain of the signer when it is aligned with From, else false.
      aligned: text(status.aligned) ?? false,
      underSized: typeof status.underSized === 'number' ? status.underSized : undefined,
    },
    signingHeaders: isRecord(signingHeaders) ? { keys: text(signingHeaders.keys) } : undefined,
  };
}

interface DkimFindings {
  check: DisableRequestCheck;
  /** A signature of the sender's domain is present but does not verify: the message was altered. */
  alignedSignatureBroken: boolean;
  /** The signatures that prove the sender: verified, aligned, covering From and the whole body. */
  good: SignatureResult[];
}

/** Who vouches for the message's header fields, once it is authenticated. */
export interface HeaderVouching {
  /** Lower-cased names of the fields signed by a good signature. */
  signedFields: ReadonlySet<string>;
  /** The domains of the good signatures. */
  signers: string[];
  /** Our receiving server, when its DMARC pass holds for the message as we have it; else null. */
  trustedReceiver: string | null;
}

export interface AuthenticationFindings {
  checks: DisableRequestCheck[];
  authenticated: boolean;
  vouching: HeaderVouching;
}

/** Lower-cased names of the header fields a signature signs (each instance once, bottom-most first). */
function signedFields(signature: SignatureResult): string[] {
  return (signature.signingHeaders?.keys ?? '').split(':').map((key) => key.trim().toLowerCase());
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

function dkimCheck(
  passed: boolean,
  message: string,
  params: CheckParams,
  alignedSignatureBroken = false,
  good: SignatureResult[] = [],
): DkimFindings {
  return { check: checkResult('dkim_aligned', passed, message, params), alignedSignatureBroken, good };
}

/** Verifies the DKIM signatures and asks whether one of them vouches for the From domain. */
export async function checkDkim(raw: Buffer, fromDomainAscii: string, resolver: DnsResolver, now: Date): Promise<DkimFindings> {
  const verification = await dkimVerify(raw, { resolver, curTime: now });
  const signatures = verification.results.flatMap((entry) => {
    const signature = signatureResult(entry);
    return signature && signature.status.result !== 'none' ? [signature] : [];
  });
  if (signatures.length === 0) {
    return dkimCheck(false, 'The message carries no DKIM signature.', undefined);
  }

  const signer = (entry: SignatureResult) => domainToAsciiForm(entry.signingDomain ?? '') ?? '';
  // mailauth's comparison of organisational domains, made while it verified the signature.
  const sameOrganisation = (entry: SignatureResult) => signer(entry) === fromDomainAscii || Boolean(entry.status.aligned);
  const verified = signatures.filter((entry) => entry.status.result === 'pass');
  // Only a signer other than the From domain itself needs the DMARC record (is relaxed alignment allowed?).
  const related = verified.filter((entry) => signer(entry) !== fromDomainAscii && sameOrganisation(entry));
  const policy = related.length > 0 ? await readAlignmentPolicy(fromDomainAscii, resolver) : null;
  const aligned = verified.filter((entry) =>
    policy ? isAligned(signer(entry), fromDomainAscii, policy, sameOrganisation(entry)) : signer(entry) === fromDomainAscii,
  );
  const good = aligned.filter((entry) => signedFields(entry).includes('from') && !entry.status.underSized);
  // The domain that signed, and the sender's, for a console that words the check in its language.
  const named = (entry: SignatureResult | undefined, signerText = entry?.signingDomain ?? ''): CheckParams => ({
    signer: signerText,
    domain: fromDomainAscii,
  });
  const first = good[0];
  if (first) {
    const sender = signer(first) === fromDomainAscii ? "the sender's own domain" : "a domain of the sender's organisation";
    return dkimCheck(
      true,
      `The message is signed with DKIM by ${first.signingDomain ?? ''}, ${sender}, and the signature verifies.`,
      { signer: first.signingDomain ?? '' },
      false,
      good,
    );
  }
  const partial = aligned.find((entry) => entry.status.underSized);
  if (partial) {
    return dkimCheck(
      false,
      `The DKIM signature from ${partial.signingDomain ?? ''} covers only the start of the body and text was added after it.`,
      named(partial),
      true,
    );
  }
  if (aligned.length > 0) {
    return dkimCheck(
      false,
      `The DKIM signature from ${aligned[0]?.signingDomain ?? ''} does not cover the From header, so the sender could have been changed.`,
      named(aligned[0]),
    );
  }
  const broken = signatures.find((entry) => entry.status.result !== 'pass' && sameOrganisation(entry));
  if (broken) {
    // A DNS failure says nothing about the message; anything else means it was altered.
    return dkimCheck(
      false,
      `The DKIM signature from ${broken.signingDomain ?? ''} does not verify: ${brokenReason(broken)}.`,
      named(broken),
      broken.status.result !== 'temperror',
    );
  }
  const refused = related[0];
  if (refused && policy?.strictBecause) {
    return dkimCheck(
      false,
      `The message is signed by ${refused.signingDomain ?? ''}, but ${policy.strictBecause}, so only a signature by ${fromDomainAscii} itself counts.`,
      named(refused),
    );
  }
  if (verified.length > 0) {
    const domains = [...new Set(verified.map((entry) => entry.signingDomain ?? ''))].join(', ');
    return dkimCheck(
      false,
      `The message is signed by ${domains}, not by the sender's domain ${fromDomainAscii}, so the signature says nothing about the sender.`,
      named(verified[0], domains),
    );
  }
  const firstSignature = signatures[0];
  return dkimCheck(
    false,
    `The DKIM signature from ${firstSignature?.signingDomain ?? ''} does not verify: ${firstSignature ? brokenReason(firstSignature) : 'unknown'}.`,
    named(firstSignature),
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
  const fail = (message: string, params?: CheckParams) => checkResult('dmarc_trusted_receiver', false, message, params);
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
      { server: topmost.authservId },
    );
  }
  const dmarc = topmost.results.filter((entry) => entry.method === 'dmarc');
  const forSender = dmarc.filter((entry) => domainToAsciiForm(entry.properties['header.from'] ?? '') === fromDomainAscii);
  if (forSender.length > 0 && forSender.every((entry) => entry.result === 'pass')) {
    return {
      code: 'dmarc_trusted_receiver',
      passed: true,
      message: `Our mail server ${topmost.authservId} recorded a DMARC pass for ${fromDomainAscii}.`,
      params: { server: topmost.authservId, domain: fromDomainAscii },
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

/** Both proofs, plus a summary check that says whether either holds, and who vouches for the header fields. */
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
  // The one sentence the console words with the domain: proven, or nothing proves it.
  const summary = checkResult(
    'authenticated',
    authenticated,
    message,
    authenticated || !dmarc.passed ? { domain: fromDomainAscii } : undefined,
  );
  const topmost = authResultsTopFirst[0];
  const vouching: HeaderVouching = {
    signedFields: new Set(dkim.good.flatMap(signedFields)),
    signers: [...new Set(dkim.good.map((entry) => entry.signingDomain ?? ''))],
    trustedReceiver: dmarcStillHolds && topmost !== undefined ? (parseAuthenticationResults(topmost)?.authservId ?? null) : null,
  };
  return { checks: [dkim.check, dmarc, summary], authenticated, vouching };
}

/** Who vouches for header field `name` (lower-case), in words; null when nothing does. */
export function vouchedBy(vouching: HeaderVouching, name: string): string | null {
  if (vouching.signedFields.has(name)) return `the DKIM signature of ${vouching.signers.join(', ')}`;
  if (vouching.trustedReceiver) return `our mail server ${vouching.trustedReceiver}, which received the message`;
  return null;
}
