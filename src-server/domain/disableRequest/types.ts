/**
 * The shapes of a disable-request check: what the route passes in and what it gets back.
 * Kept free of logic so the route, the store (evidence) and the shared contract can import
 * them without pulling in mailauth.
 */

/**
 * Verdict, strongest first: `invalid` (structurally unusable) > `lookalike` > `mismatch` >
 * `unauthenticated` > `verified`. Only `verified` may back a disable.
 */
export type DisableRequestVerdict = 'verified' | 'mismatch' | 'lookalike' | 'unauthenticated' | 'invalid';

/** Stable codes of the checks; the console keys its icons and help text on them. */
export type DisableRequestCheckCode =
  | 'from_single_header'
  | 'from_single_mailbox'
  | 'from_address_syntax'
  | 'hidden_characters'
  | 'encoded_word_trick'
  | 'confusable_characters'
  | 'mixed_scripts'
  | 'punycode_lookalike'
  | 'display_name_address'
  | 'plus_address_variant'
  | 'address_matches_login'
  | 'dkim_aligned'
  | 'dmarc_trusted_receiver'
  | 'authenticated';

export type DisableRequestWarningCode =
  | 'reply_to_elsewhere'
  | 'display_name_other_address'
  | 'message_too_old'
  | 'date_in_future'
  | 'date_missing'
  | 'message_id_missing'
  | 'message_id_reused';

export interface DisableRequestCheck {
  code: DisableRequestCheckCode;
  passed: boolean;
  /** One plain sentence an agent can read out or paste into a ticket. */
  message: string;
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
}

export interface DisableRequestAnalysis {
  verdict: DisableRequestVerdict;
  checks: DisableRequestCheck[];
  warnings: DisableRequestWarning[];
  headers: ParsedRequestHeaders;
  /** sha256 of the raw bytes as received, lower-case hex: the evidence reference in the audit log. */
  sha256: string;
  /** The raw header section as text, for evidence storage. */
  headerBlock: string;
  fromAddressHighlight?: AddressHighlight[];
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
  resolver: DnsResolver;
  maxAgeDays: number;
  now: Date;
  /** True when an earlier request already cited this Message-ID (replay of old evidence). */
  isMessageIdUsed: (id: string) => Promise<boolean>;
}
