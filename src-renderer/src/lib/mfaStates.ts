/** How each MFA state is named and coloured in the console: always words and colour together. */
import type { MfaState } from '../../../src-shared/domain';
import { t } from '../i18n';
import { translated } from '../i18n/translated';

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'neutral';

const MFA_STATES: readonly MfaState[] = ['off', 'pending', 'on', 'locked'];

export const MFA_STATE_LABELS = translated(MFA_STATES, (state) => `mfaState.label.${state}`);

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

export const MFA_STATE_EXPLANATIONS = translated(MFA_STATES, (state) => `mfaState.explanation.${state}`);

/**
 * Whether a lock lasts until support resets MFA: the backend marks such a lock with a far-future date,
 * which the console words as that, never as "in 7,978 years".
 */
export function isPermanentLock(lockedUntil: string): boolean {
  return new Date(lockedUntil).getUTCFullYear() >= 9999;
}

/** How a lock's end is worded when it is permanent; shared by the account card and the report. */
export const permanentLockLabel = (): string => t('mfaState.permanentLock');
/** What kind of lock an account is under, as far as support can act on it. */
export type LockKind = 'none' | 'temporary' | 'permanent';

export function lockKind(lockedUntil: string | null, nowMs: number): LockKind {
  if (lockedUntil === null) return 'none';
  if (isPermanentLock(lockedUntil)) return 'permanent';
  return Date.parse(lockedUntil) > nowMs ? 'temporary' : 'none';
}
