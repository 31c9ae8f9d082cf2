/**
 * What an incoming message is, from its header section alone (cheap, linear, bounded by the header
 * limits; the full check runs later in the workers): mail no person wrote to us — auto-replies,
 * bounces and delivery reports, list mail — is set aside with the reason (RFC 3834, RFC 2369/2919,
 * RFC 3464); the rest is a request whose From, Subject, Message-ID and References we keep.
 */
import { addressParser, decodeWords } from 'postal-mime';
import { HEADER_LIMITS, measureHeaderSection } from '../disable/messageCheck/headerLimits.js';

export const SET_ASIDE_REASONS = [
  'auto_submitted',
  'precedence_bulk',
  'mailing_list',
  'delivery_report',
  'bounce_sender',
  'headers_too_large',
] as const;
export type SetAsideReason = (typeof SET_ASIDE_REASONS)[number];

export interface IncomingHeaders {
  from: { address: string; name: string } | null;
  subject: string | null;
  messageId: string | null;
  references: string | null;
}

export type Classification =
  { kind: 'set_aside'; reason: SetAsideReason; headers: IncomingHeaders } | { kind: 'request'; headers: IncomingHeaders };

/** The header fields of the section, unfolded, by lower-case name (every occurrence). */
function headerFields(section: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of section.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

const MAX_FIELD = 2000;
const first = (fields: Map<string, string[]>, name: string) => fields.get(name)?.[0]?.slice(0, MAX_FIELD) ?? null;

function headersOf(fields: Map<string, string[]>): IncomingHeaders {
  const fromValue = first(fields, 'from');
  const parsed = fromValue ? addressParser(fromValue, { flatten: true })[0] : undefined;
  const subject = first(fields, 'subject');
  return {
    from: parsed?.address ? { address: parsed.address, name: parsed.name ? decodeWords(parsed.name) : '' } : null,
    subject: subject === null ? null : decodeWords(subject),
    messageId: /<[^<>\s]+>/.exec(first(fields, 'message-id') ?? '')?.[0] ?? null,
    references: first(fields, 'references'),
  };
}

function setAsideReason(fields: Map<string, string[]>, headers: IncomingHeaders): SetAsideReason | null {
  const autoSubmitted = first(fields, 'auto-submitted')?.toLowerCase();
  if ((autoSubmitted && !autoSubmitted.startsWith('no')) || fields.has('x-autoreply') || fields.has('x-autorespond'))
    return 'auto_submitted';
  if (/^(bulk|junk|list|auto_reply)\b/i.test(first(fields, 'precedence') ?? '')) return 'precedence_bulk';
  if (fields.has('list-id') || fields.has('list-unsubscribe') || fields.has('list-post')) return 'mailing_list';
  if (/^multipart\/report\b/i.test(first(fields, 'content-type') ?? '')) return 'delivery_report';
  const sender = headers.from?.address.toLowerCase() ?? '';
  if (/^(mailer-daemon|postmaster)@/.test(sender) || /^<\s*>$/.test(first(fields, 'return-path') ?? '')) return 'bounce_sender';
  return null;
}

export function classifyIncoming(raw: Buffer): Classification {
  const measure = measureHeaderSection(raw, HEADER_LIMITS);
  const empty: IncomingHeaders = { from: null, subject: null, messageId: null, references: null };
  if (!measure.within) return { kind: 'set_aside', reason: 'headers_too_large', headers: empty };
  const fields = headerFields(raw.subarray(0, measure.bytes).toString('utf8'));
  const headers = headersOf(fields);
  const reason = setAsideReason(fields, headers);
  return reason ? { kind: 'set_aside', reason, headers } : { kind: 'request', headers };
}

/** The ticket reference in a subject, by the configured pattern's first group. */
export function ticketRefOf(subject: string | null, pattern: RegExp): string | null {
  const found = subject ? pattern.exec(subject)?.[1] : undefined;
  return found ? found.slice(0, 100) : null;
}
