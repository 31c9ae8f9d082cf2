/**
 * The fingerprint of what a signature fixes in a message: its sender, its Date and its body. It
 * recognises a message that already backed a disable even when whoever holds a copy changed what no
 * signature covers (added headers, a rewritten unsigned Message-ID, the whitespace a relaxed
 * signature ignores), so the raw bytes differ. The body is canonicalised as DKIM's relaxed body
 * canonicalisation does (RFC 6376 3.4.4), which also absorbs what simple canonicalisation allows
 * (trailing empty lines); sender and Date are taken as parsed, not as written.
 *
 * The body alone would not do: two users who copy the same wording from the intranet, or one user
 * writing the same words again next year, send different requests with one body.
 */
import { createHash } from 'node:crypto';
import { headerSectionEnd } from './messageHeaders.js';

export interface SignedContent {
  /** The sender's normalised address, or null when there is no single valid sender. */
  sender: string | null;
  /** The Date as an ISO time when it parses, else as written; null when there is none. */
  date: string | null;
}

/** The body: everything after the empty line that ends the header section (empty when there is none). */
function bodyOf(raw: Buffer): Buffer {
  const end = headerSectionEnd(raw);
  if (end >= raw.length) return Buffer.alloc(0);
  // `end` is the line feed before the empty line, which is "\n" or "\r\n".
  const afterBlankLine = raw[end + 1] === 0x0d ? end + 3 : end + 2;
  return raw.subarray(afterBlankLine);
}

/** RFC 6376 3.4.4 over the body as bytes (latin1 keeps every byte as one character). */
function relaxedBody(body: Buffer): string {
  const lines = body
    .toString('latin1')
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/** sha256 over sender, Date and relaxed-canonical body, lower-case hex. */
export function contentFingerprint(raw: Buffer, signed: SignedContent): string {
  const body = createHash('sha256')
    .update(relaxedBody(bodyOf(raw)), 'latin1')
    .digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([signed.sender, signed.date, body]), 'utf8')
    .digest('hex');
}
