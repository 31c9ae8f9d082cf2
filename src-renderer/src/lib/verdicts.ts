/** How each disable-request verdict is named and coloured: a word, a glyph, a colour and what it means. */
import type { DisableRequest, DisableVerdict } from '../../../src-shared/api';
import type { Tone } from './mfaStates';

interface VerdictWording {
  /** Starts with the verdict's own word, so it reads the same in every language of the UI. */
  title: string;
  tone: Tone;
  glyph: string;
  meaning: string;
}

export const VERDICTS: Record<DisableVerdict, VerdictWording> = {
  verified: {
    title: 'Verified: sent from the login address and authenticated',
    tone: 'success',
    glyph: '✓',
    meaning:
      'The From address is the account’s login, and the message is authenticated by its domain. MFA may be disabled with a reason and a ticket reference.',
  },
  lookalike: {
    title: 'Look-alike address',
    tone: 'error',
    glyph: '✕',
    meaning:
      'The sender’s address imitates the login but is not it. Treat this as an attack: do not disable MFA. Escalate only if you have other proof it is the user.',
  },
  mismatch: {
    title: 'Different address',
    tone: 'error',
    glyph: '✕',
    meaning:
      'The message was not sent from the account’s login address. MFA is disabled only on a request from the login; ask the user to write from it.',
  },
  unauthenticated: {
    title: 'Not authenticated',
    tone: 'warning',
    glyph: '!',
    meaning:
      'Nothing proves the message really came from the login’s mail domain (no valid DKIM signature aligned with it, no trusted DMARC pass). It can only be escalated to an admin.',
  },
  not_a_request: {
    title: 'Not a current request to support',
    tone: 'warning',
    glyph: '!',
    meaning:
      'The message really comes from the login, but it does not prove a request to support, now: it is not addressed to a support address in a signed To or Cc, its date is unsigned, too old or in the future, or it already backed a disable. The failed check says which. Ask the user to send a new request to support.',
  },
  invalid: {
    title: 'Not a usable request',
    tone: 'error',
    glyph: '✕',
    meaning:
      'This could not be read as a request from one sender. Ask the user for the original e-mail, or escalate with your justification.',
  },
};

/**
 * The wording for one checked request: a verified request with warnings is amber and counts them in its
 * title, so "verified" is never read without them.
 */
export function verdictWording(request: Pick<DisableRequest, 'verdict' | 'warnings'>): VerdictWording {
  const count = request.warnings.length;
  if (request.verdict !== 'verified' || count === 0) return VERDICTS[request.verdict];
  return {
    title: `Verified, ${count} ${count === 1 ? 'warning' : 'warnings'}`,
    tone: 'warning',
    glyph: '!',
    meaning:
      'Sent from the login address and authenticated, but read each warning below: tick each one you have seen before MFA can be disabled.',
  };
}

/** Why a verified request can no longer back a disable, or null when it can. */
export function unusableReason(request: DisableRequest, nowMs: number): string | null {
  if (request.verdict !== 'verified') return 'Only a verified request can disable MFA.';
  if (request.usedAt) return 'This request has already been used to disable MFA once; a request works only once.';
  if (request.usableUntil && Date.parse(request.usableUntil) <= nowMs)
    return 'This request is too old to act on. Ask the user to send a new one.';
  return null;
}

export interface AddressPart {
  text: string;
  /** Set on a suspicious character: why it is suspicious. */
  reason: string | null;
}

/** Splits the sender address into plain runs and flagged characters (offsets are UTF-16, as the server sends them). */
export function splitHighlights(address: string, highlights: DisableRequest['fromHighlights']): AddressPart[] {
  const sorted = [...highlights].filter((h) => h.index >= 0 && h.index < address.length).sort((a, b) => a.index - b.index);
  const parts: AddressPart[] = [];
  let at = 0;
  for (const mark of sorted) {
    if (mark.index < at) continue;
    if (mark.index > at) parts.push({ text: address.slice(at, mark.index), reason: null });
    const length = Math.max(1, mark.char.length);
    parts.push({ text: address.slice(mark.index, mark.index + length), reason: mark.reason });
    at = mark.index + length;
  }
  if (at < address.length) parts.push({ text: address.slice(at), reason: null });
  return parts;
}

/** "U+043E", for the character a highlight names. */
export function codePoints(text: string): string {
  return Array.from(text, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}
