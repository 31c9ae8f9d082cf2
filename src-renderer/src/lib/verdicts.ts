/** How each disable-request verdict is named and coloured: a word, a glyph, a colour and what it means. */
import type { DisableRequest, DisableVerdict } from '../../../src-shared/api';
import { t } from '../i18n';
import type { Tone } from './mfaStates';
import { highlightReason } from './serverSentences';

interface VerdictWording {
  /** Starts with the verdict's own word, so it reads the same in every language of the UI. */
  title: string;
  tone: Tone;
  glyph: string;
  meaning: string;
}

/** A verdict's wording, its words read from the catalogue in the language shown now. */
function wording(verdict: DisableVerdict, tone: Tone, glyph: string): VerdictWording {
  return {
    get title() {
      return t(`verdict.${verdict}.title`);
    },
    tone,
    glyph,
    get meaning() {
      return t(`verdict.${verdict}.meaning`);
    },
  };
}

export const VERDICTS: Record<DisableVerdict, VerdictWording> = {
  verified: wording('verified', 'success', '✓'),
  lookalike: wording('lookalike', 'error', '✕'),
  mismatch: wording('mismatch', 'error', '✕'),
  unauthenticated: wording('unauthenticated', 'warning', '!'),
  not_a_request: wording('not_a_request', 'warning', '!'),
  invalid: wording('invalid', 'error', '✕'),
};

/**
 * The wording for one checked request: a verified request with warnings is amber and counts them in its
 * title, so "verified" is never read without them.
 */
export function verdictWording(request: Pick<DisableRequest, 'verdict' | 'warnings'>): VerdictWording {
  const count = request.warnings.length;
  if (request.verdict !== 'verified' || count === 0) return VERDICTS[request.verdict];
  return { title: t('verdict.withWarnings.title', count), tone: 'warning', glyph: '!', meaning: t('verdict.withWarnings.meaning') };
}

/** Why a verified request can no longer back a disable, or null when it can. */
export function unusableReason(request: DisableRequest, nowMs: number): string | null {
  if (request.verdict !== 'verified') return t('verdict.unusable.notVerified');
  if (request.usedAt) return t('verdict.unusable.used');
  if (request.usableUntil && Date.parse(request.usableUntil) <= nowMs) return t('verdict.unusable.tooOld');
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
    parts.push({ text: address.slice(mark.index, mark.index + length), reason: highlightReason(mark) });
    at = mark.index + length;
  }
  if (at < address.length) parts.push({ text: address.slice(at), reason: null });
  return parts;
}

/** "U+043E", for the character a highlight names. */
export function codePoints(text: string): string {
  return Array.from(text, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}
