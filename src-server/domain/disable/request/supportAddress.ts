/**
 * A disable request is a message to us: one of our support addresses is in its To or Cc, and that
 * header is vouched for (signed by the sender's domain, or received by our own mail server). A genuine
 * message of the user to anyone else, such as "Lunch on Friday?" to a colleague, proves who wrote it
 * but asks us nothing; without this binding any e-mail the user ever sent would do.
 */
import { addressParser } from 'postal-mime';
import { formatAddress, normaliseAddress, sameMailbox, type NormalisedAddress } from './address.js';
import { vouchedBy, type HeaderVouching } from './authentication.js';
import { headerValues, type MessageHeaders } from './messageHeaders.js';
import { visible } from './skeleton.js';
import { checkResult, type DisableRequestCheck } from './types.js';

const RECIPIENT_FIELDS = [
  { name: 'to', label: 'To' },
  { name: 'cc', label: 'Cc' },
] as const;

// A plain addr-spec as configured by an administrator: no display name, brackets, quotes or blanks.
const PLAIN_ADDRESS = /^[^\s"<>(),;:@\\[\]]+@[^\s"<>(),;:@\\[\]]+$/u;

/**
 * Reads MFA_DESK_SUPPORT_ADDRESSES: comma-separated plain addresses, returned in normalised form
 * (empty when unset). Throws on anything else, because a typo here would refuse every request.
 */
export function parseSupportAddresses(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const addresses: string[] = [];
  const bad: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const normalised = PLAIN_ADDRESS.test(entry) ? normaliseAddress(entry) : null;
    if (normalised) addresses.push(formatAddress(normalised));
    else bad.push(entry);
  }
  if (bad.length > 0) {
    throw new Error(
      `it has an invalid entry (${bad.map((entry) => JSON.stringify(entry)).join(', ')}): ` +
        'use comma-separated plain addresses, e.g. "support@example.com,helpdesk@example.com", without names or angle brackets.',
    );
  }
  return [...new Set(addresses)];
}

function recipients(headers: MessageHeaders, name: string): Array<{ written: string; normalised: NormalisedAddress | null }> {
  return addressParser(headerValues(headers, name).join(', '), { flatten: true })
    .map((box) => box.address ?? '')
    .filter((address) => address !== '')
    .map((written) => ({ written, normalised: normaliseAddress(written) }));
}

/**
 * Two checks: `addressed_to_support` (a support address is in To or Cc) and `support_address_signed`
 * (the header that names it is vouched for). With no support address configured both fail and say why.
 */
export function checkAddressedToSupport(
  headers: MessageHeaders,
  supportAddresses: string[],
  vouching: HeaderVouching,
): DisableRequestCheck[] {
  const support = supportAddresses.map(normaliseAddress).filter((address): address is NormalisedAddress => address !== null);
  if (support.length === 0) {
    return [
      checkResult(
        'addressed_to_support',
        false,
        'No support address is configured on this backend (MFA_DESK_SUPPORT_ADDRESSES), so no message can be shown to be a request to support. Ask the administrator of the backend to set it.',
      ),
      checkResult('support_address_signed', false, 'There is no configured support address to look for in To or Cc.'),
    ];
  }
  const supportList = support.map(formatAddress).join(', ');

  const repeated = RECIPIENT_FIELDS.find((field) => headerValues(headers, field.name).length > 1);
  if (repeated) {
    const count = headerValues(headers, repeated.name).length;
    return [
      checkResult(
        'addressed_to_support',
        false,
        `The message has ${count} ${repeated.label} headers; a genuine message has at most one, so one of them was added later.`,
      ),
      checkResult(
        'support_address_signed',
        false,
        `With ${count} ${repeated.label} headers it cannot be shown which one the sender wrote.`,
      ),
    ];
  }

  const naming = RECIPIENT_FIELDS.map((field) => ({
    ...field,
    support: recipients(headers, field.name).find((recipient) =>
      support.some((address) => recipient.normalised !== null && sameMailbox(recipient.normalised, address)),
    ),
  })).filter((field) => field.support !== undefined);
  const first = naming[0];
  if (!first) {
    const written = RECIPIENT_FIELDS.flatMap((field) => recipients(headers, field.name).map((recipient) => recipient.written));
    return [
      checkResult(
        'addressed_to_support',
        false,
        written.length > 0
          ? `The message is addressed to ${visible(written.join(', '))}, not to support (${supportList}): it is not a request to support.`
          : `The message names no recipient in To or Cc; a request must be addressed to support (${supportList}).`,
        written.length > 0 ? { recipients: visible(written.join(', ')), support: supportList } : { support: supportList },
      ),
      checkResult('support_address_signed', false, 'There is no support address in To or Cc for a signature to cover.'),
    ];
  }

  const vouched = naming.map((field) => ({ ...field, by: vouchedBy(vouching, field.name) })).find((field) => field.by !== null);
  const unvouchedReason =
    vouching.signers.length > 0
      ? `the DKIM signature of ${vouching.signers.join(', ')} does not cover it`
      : 'nothing authenticates the message';
  return [
    checkResult(
      'addressed_to_support',
      true,
      `The message is addressed to support (${visible(first.support?.written ?? '')}) in ${first.label}.`,
      { support: visible(first.support?.written ?? ''), header: first.label },
    ),
    vouched
      ? checkResult('support_address_signed', true, `The ${vouched.label} header that names support is vouched for by ${vouched.by ?? ''}.`)
      : checkResult(
          'support_address_signed',
          false,
          `Nothing vouches for the ${first.label} header that names support: ${unvouchedReason}, so support's address could have been put there after the message was sent.`,
        ),
  ];
}
