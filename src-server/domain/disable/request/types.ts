/**
 * The shapes of a disable-request check: what the route passes in and what it gets back.
 * Kept free of logic so the route, the store (evidence) and the shared contract can import
 * them without pulling in mailauth.
 */
import type { DisableCheckCode, DisableVerdict, DisableWarningCode, HighlightKind } from '../../../../src-shared/api.js';
import type { CheckParamName } from '../../../../src-shared/checkParams.js';

/**
 * Verdict, strongest first: `invalid` (structurally unusable) > `lookalike` > `mismatch` >
 * `unauthenticated` > `not_a_request` > `verified`. Only `verified` may back a disable.
 */
export type DisableRequestVerdict = DisableVerdict;

/** Stable codes of the checks, from the shared contract; the console keys its display on them. */
export type DisableRequestCheckCode = DisableCheckCode;

export type DisableRequestWarningCode = DisableWarningCode;

export interface DisableRequestCheck {
  code: DisableRequestCheckCode;
  passed: boolean;
  /** One plain sentence an agent can read out or paste into a ticket. */
  message: string;
  /** The specifics the sentence names, by name, for a console that words it in another language. */
  params?: Partial<Record<CheckParamName, string>>;
}

/** A check's result; `params` only when the sentence names specifics. */
export function checkResult(
  code: DisableRequestCheckCode,
  passed: boolean,
  message: string,
  params?: DisableRequestCheck['params'],
): DisableRequestCheck {
  return { code, passed, message, ...(params ? { params } : {}) };
}

export interface DisableRequestWarning {
  code: DisableRequestWarningCode;
  message: string;
}

export interface ParsedRequestHeaders {
  /** The sender as written (address not normalised), display name decoded. */
  from: { address: string; name: string } | null;
  replyTo: string[];
  /** ISO 8601 when the Date header parses, otherwise its raw text. */
  date: string | null;
  messageId: string | null;
  subject: string | null;
}

/** A suspicious character of `headers.from.address`; `index` is a UTF-16 offset into it. */
export interface AddressHighlight {
  char: string;
  index: number;
  reason: string;
  kind: HighlightKind;
  /** What the character passes for (confusable), or how the domain is displayed (punycode). */
  shows?: string;
}

export interface DisableRequestAnalysis {
  verdict: DisableRequestVerdict;
  checks: DisableRequestCheck[];
  warnings: DisableRequestWarning[];
  headers: ParsedRequestHeaders;
  /** sha256 of the raw bytes as received, lower-case hex: the evidence reference in the audit log. */
  sha256: string;
  /**
   * sha256 of the sender, the Date and the body after DKIM's relaxed canonicalisation, lower-case
   * hex (contentFingerprint.ts): the same for every copy of the message its signature still
   * verifies on, so a replay is recognised even with other unsigned headers.
   */
  contentSha256: string;
  /** The raw header section as text, for evidence storage. */
  headerBlock: string;
  fromAddressHighlight?: AddressHighlight[];
  /** The plain-text body, an excerpt without disguising characters (bodyExcerpt.ts); null when there is none. */
  bodyText: string | null;
}

/**
 * A DNS lookup of the shape mailauth expects (that of `dns.promises.resolve`). Only TXT
 * lookups are made, which resolve to `string[][]` (one array of chunks per record).
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

export interface CheckOptions {
  /** The account's login address, the only sender that may ask for MFA to be disabled. */
  login: string;
  /** authserv-ids of our own receiving servers whose Authentication-Results we believe. */
  trustedAuthservIds: string[];
  /** Our support addresses (plain addr-specs): a request must be addressed to one of them. Empty: none configured. */
  supportAddresses: string[];
  resolver: DnsResolver;
  /** A message whose signed Date is older than this many days is refused. */
  maxAgeDays: number;
  now: Date;
}
