/**
 * A request is a request now: its Date is vouched for (signed by the sender's domain, or received by
 * our own mail server), not ahead of our clock by more than clocks differ, and not older than the
 * allowed age. Without this binding a genuine request from last year would do as well as today's.
 */
import { vouchedBy, type HeaderVouching } from './authentication.js';
import { headerValues, type MessageHeaders } from './messageHeaders.js';
import { visible } from './skeleton.js';
import { checkResult, type DisableRequestCheck } from './types.js';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Sending machines' clocks are off by minutes; a message dated further ahead than this is refused. */
export const FUTURE_SKEW_MINUTES = 10;

function ageInWords(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'} ago`;
  const hours = Math.floor(ms / (60 * MINUTE_MS));
  return hours >= 1 ? `${hours} hour${hours === 1 ? '' : 's'} ago` : 'less than an hour ago';
}

/**
 * `date_signed` always; `date_not_in_future` and `date_within_max_age` once there is one readable
 * Date to hold against the clock.
 */
export function checkRequestDate(
  headers: MessageHeaders,
  vouching: HeaderVouching,
  options: { now: Date; maxAgeDays: number },
): DisableRequestCheck[] {
  const values = headerValues(headers, 'date');
  const value = values[0];
  if (value === undefined) {
    return [checkResult('date_signed', false, 'The message has no Date header, so when it was sent cannot be shown.')];
  }
  if (values.length > 1) {
    return [checkResult('date_signed', false, `The message has ${values.length} Date headers; a genuine message has exactly one.`)];
  }
  const sent = Date.parse(value);
  if (Number.isNaN(sent)) {
    return [checkResult('date_signed', false, `The Date header "${visible(value)}" cannot be read as a date.`)];
  }

  const by = vouchedBy(vouching, 'date');
  const unvouchedReason =
    vouching.signers.length > 0
      ? `the DKIM signature of ${vouching.signers.join(', ')} does not cover it`
      : 'nothing authenticates the message';
  const sentText = new Date(sent).toISOString();
  const ahead = sent - options.now.getTime();
  const age = -ahead;
  return [
    by
      ? checkResult('date_signed', true, `The Date header (${sentText}) is vouched for by ${by}.`, { date: sentText })
      : checkResult('date_signed', false, `Nothing vouches for the Date header: ${unvouchedReason}, so the date could have been changed.`),
    ahead > FUTURE_SKEW_MINUTES * MINUTE_MS
      ? checkResult(
          'date_not_in_future',
          false,
          `The message is dated ${sentText}, ${Math.round(ahead / MINUTE_MS)} minutes ahead of this server's clock (clocks may differ by ${FUTURE_SKEW_MINUTES}); a request cannot come from the future.`,
          { date: sentText, minutes: String(Math.round(ahead / MINUTE_MS)), skewMinutes: String(FUTURE_SKEW_MINUTES) },
        )
      : checkResult('date_not_in_future', true, 'The message is not dated in the future.'),
    age > options.maxAgeDays * DAY_MS
      ? checkResult(
          'date_within_max_age',
          false,
          `The message was sent ${ageInWords(age)} (${sentText}), more than the ${options.maxAgeDays} days allowed; ask the user to send a new request.`,
          { date: sentText, days: String(Math.floor(age / DAY_MS)), maxDays: String(options.maxAgeDays) },
        )
      : checkResult(
          'date_within_max_age',
          true,
          `The message was sent ${age > 0 ? ageInWords(age) : 'just now'}, within the ${options.maxAgeDays} days allowed.`,
          { date: sentText, maxDays: String(options.maxAgeDays) },
        ),
  ];
}
