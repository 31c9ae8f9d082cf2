/**
 * What a disable-request e-mail may look like before anything parses it. Parsing and DKIM
 * verification cost more than linear time in the size of one header field (a 40,000-line folded
 * header took the server 20 s), so the header section is measured first, by a single pass over
 * at most the allowed bytes, and anything past these limits is refused unread.
 *
 * Real mail stays far below them: a message that crossed several relays, with ARC and DKIM
 * signatures, has a few hundred header lines and a few tens of KiB of header.
 */
import { DeskProblem } from '../../platform/problems.js';

export interface HeaderLimits {
  /** Physical lines of the header section, folded continuation lines included. */
  maxLines: number;
  /** Bytes of the header section, up to the empty line that ends it. */
  maxBytes: number;
}

export const HEADER_LIMITS: HeaderLimits = { maxLines: 1000, maxBytes: 256 * 1024 };

const LF = 0x0a;
const CR = 0x0d;

export type HeaderMeasure = { within: true; lines: number; bytes: number } | { within: false; exceeded: 'lines' | 'bytes' };

/**
 * Measures the header section of `raw` (up to the first empty line, or the whole input when
 * there is none, as the parser reads it), stopping as soon as a limit is passed.
 */
export function measureHeaderSection(raw: Uint8Array, limits: HeaderLimits = HEADER_LIMITS): HeaderMeasure {
  let lines = 1;
  for (let i = 0; i < raw.length; i++) {
    if (i >= limits.maxBytes) return { within: false, exceeded: 'bytes' };
    if (raw[i] !== LF) continue;
    const next = raw[i + 1];
    // An empty line ends the header section; the line break before it belongs to the last field.
    if (next === LF || (next === CR && raw[i + 2] === LF)) return { within: true, lines, bytes: i + 1 };
    if (i + 1 < raw.length) lines++;
    if (lines > limits.maxLines) return { within: false, exceeded: 'lines' };
  }
  return { within: true, lines, bytes: raw.length };
}

/** Throws a 422 `message_too_complex` when the header section is past the limits; changes nothing. */
export function assertWithinHeaderLimits(raw: Uint8Array, limits: HeaderLimits = HEADER_LIMITS): void {
  const measure = measureHeaderSection(raw, limits);
  if (measure.within) return;
  const what =
    measure.exceeded === 'lines'
      ? `more than ${limits.maxLines} header lines`
      : `more than ${Math.round(limits.maxBytes / 1024)} KiB of headers`;
  throw new DeskProblem(
    422,
    'message_too_complex',
    `The e-mail has ${what}, far more than any real message; it was not checked. Ask the user to send the request again as a new, plain e-mail.`,
  );
}
