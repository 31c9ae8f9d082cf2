/** How each MFA state is named and coloured in the console: always words and colour together. */
import type { MfaState } from '../../../src-shared/domain';

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'neutral';

export const MFA_STATE_LABELS: Record<MfaState, string> = {
  off: 'Off',
  pending: 'Awaiting confirmation',
  on: 'On',
  locked: 'Locked',
};

export const MFA_STATE_TONES: Record<MfaState, Tone> = {
  off: 'warning',
  pending: 'info',
  on: 'success',
  locked: 'error',
};

/** A glyph beside the word, so the state reads without colour too. */
export const MFA_STATE_GLYPHS: Record<MfaState, string> = {
  off: '○',
  pending: '◐',
  on: '✓',
  locked: '✕',
};

export const MFA_STATE_EXPLANATIONS: Record<MfaState, string> = {
  off: 'The user signs in with a password only.',
  pending: 'The QR code was shown; the user has not typed a first code yet.',
  on: 'Every sign-in asks for the 6-digit code from the authenticator app.',
  locked: 'Too many wrong passwords or codes in a row: sign-in is blocked.',
};

/**
 * Whether a lock lasts until support resets MFA: the backend marks such a lock with a far-future date,
 * which the console words as that, never as "in 7,978 years".
 */
export function isPermanentLock(lockedUntil: string): boolean {
  return new Date(lockedUntil).getUTCFullYear() >= 9999;
}

/** How a lock's end is worded when it is permanent; shared by the account card and the report. */
export const PERMANENT_LOCK_LABEL = 'Until the user enrols again';

/** What kind of lock an account is under, as far as support can act on it. */
export type LockKind = 'none' | 'temporary' | 'permanent';

export function lockKind(lockedUntil: string | null, nowMs: number): LockKind {
  if (lockedUntil === null) return 'none';
  if (isPermanentLock(lockedUntil)) return 'permanent';
  return Date.parse(lockedUntil) > nowMs ? 'temporary' : 'none';
}
