/**
 * Checking a "please disable my MFA" e-mail: is it from the account's login address, does
 * it only look like it, can we prove it, and is it a request to support, now? The caller hands
 * over the raw upload and plain settings; the analysis it gets back is both the agent's
 * explanation and the evidence stored with the audit entry. Pure apart from DNS lookups through
 * the resolver: whether the message was used before is the caller's to add (it owns the store).
 */
import { createHash } from 'node:crypto';
import { addressParser, decodeWords } from 'postal-mime';
import { LOOKALIKE_CHECK_CODES, REQUEST_BINDING_CHECK_CODES, STRUCTURAL_CHECK_CODES } from '../../../../src-shared/api.js';
import { formatAddress, normaliseAddress, sameMailbox, type NormalisedAddress } from './address.js';
import { checkAuthentication } from './authentication.js';
import { bodyExcerpt } from './bodyExcerpt.js';
import { contentFingerprint } from './contentFingerprint.js';
import { reviewLookalikes } from './lookalike.js';
import { checkRequestDate } from './requestDate.js';
import { visible } from './skeleton.js';
import { checkAddressedToSupport } from './supportAddress.js';
import { headerValues, readMessageHeaders, type MessageHeaders } from './messageHeaders.js';
import {
  checkResult,
  type CheckOptions,
  type DisableRequestAnalysis,
  type DisableRequestCheck,
  type DisableRequestVerdict,
  type DisableRequestWarning,
  type ParsedRequestHeaders,
} from './types.js';

const STRUCTURAL: ReadonlySet<DisableRequestCheck['code']> = new Set(STRUCTURAL_CHECK_CODES);
const LOOKALIKE: ReadonlySet<DisableRequestCheck['code']> = new Set(LOOKALIKE_CHECK_CODES);
/** Authentic mail from the login, but not a current request to support. */
const NOT_A_REQUEST: ReadonlySet<DisableRequestCheck['code']> = new Set(REQUEST_BINDING_CHECK_CODES);

function firstValue(headers: MessageHeaders, name: string): string | null {
  return headerValues(headers, name)[0] ?? null;
}

function readDate(value: string | null): string | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** The From mailboxes as a mail client would show them (encoded words decoded). */
function fromMailboxes(fromValue: string): Array<{ address: string; name: string }> {
  return addressParser(fromValue, { flatten: true }).map((box) => ({ address: box.address ?? '', name: box.name }));
}

function structuralChecks(
  fromValues: string[],
  mailboxes: Array<{ address: string; name: string }>,
  normalised: NormalisedAddress | null,
): DisableRequestCheck[] {
  const withAddress = mailboxes.filter((box) => box.address !== '');
  const single = mailboxes.length === 1 && withAddress.length === 1;
  const senders = visible(withAddress.map((box) => box.address).join(', '));
  const checks = [
    fromValues.length === 1
      ? checkResult('from_single_header', true, 'The message has exactly one From header.')
      : checkResult('from_single_header', false, `The message has ${fromValues.length} From headers; a genuine message has exactly one.`, {
          count: String(fromValues.length),
        }),
    single
      ? checkResult('from_single_mailbox', true, 'The From header names exactly one sender.')
      : withAddress.length === 0
        ? checkResult('from_single_mailbox', false, 'The From header holds no e-mail address.')
        : checkResult(
            'from_single_mailbox',
            false,
            `The From header names ${withAddress.length} senders (${senders}); a request must come from one.`,
            { count: String(withAddress.length), senders },
          ),
  ];
  if (single) {
    checks.push(
      checkResult(
        'from_address_syntax',
        normalised !== null,
        normalised
          ? 'The sender address is a valid e-mail address.'
          : `The sender "${visible(withAddress[0]?.address ?? '')}" is not a valid e-mail address.`,
      ),
    );
  }
  return checks;
}

function collectWarnings(parsed: ParsedRequestHeaders, login: NormalisedAddress): DisableRequestWarning[] {
  const warnings: DisableRequestWarning[] = [];
  const elsewhere = parsed.replyTo.filter((address) => {
    const normalised = normaliseAddress(address);
    return !normalised || !sameMailbox(normalised, login);
  });
  if (elsewhere.length > 0) {
    warnings.push({
      code: 'reply_to_elsewhere',
      message: `Replies to this message would go to ${visible(elsewhere.join(', '))}, not to the login; answer the login address only.`,
    });
  }
  if (parsed.messageId === null) {
    warnings.push({
      code: 'message_id_missing',
      message: 'The message has no Message-ID; a replay of it is recognised by its signed content only.',
    });
  }
  return warnings;
}

/** The verdict the checks add up to: the strongest failure decides. Exported for checks added by the caller. */
export function decideVerdict(checks: DisableRequestCheck[]): DisableRequestVerdict {
  const failed = (codes: (code: DisableRequestCheck['code']) => boolean): boolean =>
    checks.some((entry) => !entry.passed && codes(entry.code));
  if (failed((code) => STRUCTURAL.has(code))) return 'invalid';
  if (failed((code) => LOOKALIKE.has(code))) return 'lookalike';
  if (failed((code) => code === 'address_matches_login')) return 'mismatch';
  if (failed((code) => code === 'authenticated')) return 'unauthenticated';
  if (failed((code) => NOT_A_REQUEST.has(code))) return 'not_a_request';
  return 'verified';
}

/**
 * Analyses a disable request. Throws NotAMessageError when `raw` is not an e-mail at all;
 * every other problem is reported in the verdict and checks.
 */
export async function checkDisableRequest(raw: Buffer, options: CheckOptions): Promise<DisableRequestAnalysis> {
  const headers = readMessageHeaders(raw);
  const login = normaliseAddress(options.login);
  if (!login) throw new Error(`The account login "${options.login}" is not a valid e-mail address.`);

  const fromValues = headerValues(headers, 'from');
  const rawFromValue = fromValues[0] ?? '';
  const mailboxes = fromMailboxes(rawFromValue);
  const sender = mailboxes.length === 1 ? mailboxes[0] : undefined;
  const normalised = sender ? normaliseAddress(sender.address) : null;

  const subject = firstValue(headers, 'subject');
  const parsed: ParsedRequestHeaders = {
    from: sender && sender.address !== '' ? { address: sender.address, name: sender.name } : null,
    replyTo: addressParser(headerValues(headers, 'reply-to').join(', '), { flatten: true })
      .map((box) => box.address ?? '')
      .filter((address) => address !== ''),
    date: readDate(firstValue(headers, 'date')),
    messageId: firstValue(headers, 'message-id'),
    subject: subject === null ? null : decodeWords(subject),
  };

  const checks = structuralChecks(fromValues, mailboxes, normalised);
  const warnings: DisableRequestWarning[] = [];
  let highlight: DisableRequestAnalysis['fromAddressHighlight'] = [];

  if (sender && normalised && checks.every((entry) => entry.passed)) {
    const lookalikes = reviewLookalikes({ address: sender.address, name: sender.name, rawFromValue, normalised }, login);
    checks.push(...lookalikes.checks);
    warnings.push(...lookalikes.warnings);
    highlight = lookalikes.highlight;

    const matches = sameMailbox(normalised, login);
    checks.push({
      code: 'address_matches_login',
      passed: matches,
      message: matches
        ? `The sender ${visible(sender.address)} is the account's login.`
        : `The sender ${visible(formatAddress(normalised))} is not the account's login ${formatAddress(login)}.`,
    });

    const authentication = await checkAuthentication(raw, normalised.domainAscii, headerValues(headers, 'authentication-results'), options);
    checks.push(...authentication.checks);
    // A genuine message proves only that the user sent *something*: it must also be a request to us, now.
    checks.push(...checkAddressedToSupport(headers, options.supportAddresses, authentication.vouching));
    checks.push(...checkRequestDate(headers, authentication.vouching, options));
  }

  warnings.push(...collectWarnings(parsed, login));
  const analysis: DisableRequestAnalysis = {
    verdict: decideVerdict(checks),
    checks,
    warnings,
    headers: parsed,
    sha256: createHash('sha256').update(raw).digest('hex'),
    contentSha256: contentFingerprint(raw, { sender: normalised ? formatAddress(normalised) : null, date: parsed.date }),
    headerBlock: headers.headerBlock,
    bodyText: await bodyExcerpt(raw),
  };
  if (highlight.length > 0) analysis.fromAddressHighlight = highlight;
  return analysis;
}
