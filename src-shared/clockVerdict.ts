/**
 * What a clock check's offset means for the user, decided once for the backend's English advice and the
 * console's worded one: within one 30-second step the phone's clock is right; beyond it the phone is
 * ahead or behind by an amount said in seconds up to three minutes, then in whole minutes.
 */
import { TOTP } from './domain.js';

/** From three minutes off, the amount is said in minutes. */
const MINUTES_FROM_SECONDS = 180;

export type ClockVerdict = { kind: 'right' } | { kind: 'ahead' | 'behind'; amount: { unit: 'seconds' | 'minutes'; n: number } };

export function clockVerdict(offsetSeconds: number): ClockVerdict {
  const size = Math.abs(offsetSeconds);
  if (size <= TOTP.periodSeconds) return { kind: 'right' };
  return {
    kind: offsetSeconds < 0 ? 'behind' : 'ahead',
    amount: size >= MINUTES_FROM_SECONDS ? { unit: 'minutes', n: Math.round(size / 60) } : { unit: 'seconds', n: size },
  };
}
