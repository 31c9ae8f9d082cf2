/**
 * The specifics a disable-request check may carry in `params`, by name, for the console to word it in its
 * language. Kept apart from the contract (api.ts) so the console's first screen does not load TypeBox for it.
 */
import type { DisableCheckCode } from './api.js';

/**
 * Every fact a check may name, and how the console shows it: a date is ISO 8601 (shown in the agent's
 * locale); a number, days or minutes are decimal digits (shown with the locale's digits, days and minutes
 * with their unit: "1 day", "30 days"); text as sent.
 */
export const CHECK_PARAM_KINDS = {
  recipients: 'text',
  support: 'text',
  header: 'text',
  count: 'number',
  senders: 'text',
  signer: 'text',
  domain: 'text',
  server: 'text',
  date: 'date',
  minutes: 'minutes',
  skewMinutes: 'minutes',
  days: 'days',
  maxDays: 'days',
  usedAt: 'date',
} as const;
export type CheckParamName = keyof typeof CHECK_PARAM_KINDS;

/** The facts each detailed sentence fills in, by outcome and code; the console uses it when the server sent them all. */
export const CHECK_PARAMS: Record<'passed' | 'failed', Partial<Record<DisableCheckCode, readonly CheckParamName[]>>> = {
  passed: {
    dkim_aligned: ['signer'],
    dmarc_trusted_receiver: ['server', 'domain'],
    authenticated: ['domain'],
    addressed_to_support: ['support', 'header'],
    date_signed: ['date'],
    date_within_max_age: ['date', 'maxDays'],
  },
  failed: {
    from_single_header: ['count'],
    from_single_mailbox: ['count', 'senders'],
    dkim_aligned: ['signer', 'domain'],
    dmarc_trusted_receiver: ['server'],
    authenticated: ['domain'],
    addressed_to_support: ['recipients', 'support'],
    date_not_in_future: ['date', 'minutes', 'skewMinutes'],
    date_within_max_age: ['date', 'days', 'maxDays'],
    message_not_reused: ['usedAt'],
  },
};
