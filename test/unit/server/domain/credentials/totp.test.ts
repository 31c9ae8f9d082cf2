import { generateSync, verifySync } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  checkTotpCode,
  formatSecretForTyping,
  newTotpSecret,
  otpauthUri,
  totpCodeAt,
} from '../../../../../src-server/domain/credentials/totp.js';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below); the 6-digit code is the last 6 of the 8.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 vector at T=%i', (seconds, expected) => {
    expect(generateSync({ secret: RFC_SECRET, epoch: seconds, digits: 8 })).toBe(expected);
    expect(totpCodeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(expected.slice(-6));
  });

  it('makes 160-bit random secrets', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  it('accepts the current step and one either side, not two', () => {
    const now = new Date(1_800_000_015_000);
    for (const offset of [-30, 0, 30])
      expect(checkTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + offset * 1000)), now, null).ok).toBe(true);
    for (const offset of [-60, 60])
      expect(checkTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + offset * 1000)), now, null).ok).toBe(false);
  });

  it("agrees with otplib's own verifier on the step it accepts, for random secrets, times and codes", () => {
    for (let i = 0; i < 300; i++) {
      const secret = newTotpSecret();
      const now = new Date(1_700_000_000_000 + i * 7_919_000);
      const code =
        i % 3 === 0
          ? String((i * 104_729) % 1_000_000).padStart(6, '0')
          : totpCodeAt(secret, new Date(now.getTime() + ((i % 5) - 2) * 30_000));
      const theirs = verifySync({ secret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
      const ours = checkTotpCode(secret, code, now, null);
      expect(ours.ok).toBe(theirs.valid);
      if (ours.ok && theirs.valid) expect(ours.step).toBe(Math.floor(now.getTime() / 30_000) + theirs.delta);
    }
  });

  it('refuses a code at or before the last accepted step, and says it is a replay', () => {
    const now = new Date(1_800_000_015_000);
    const first = checkTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now, null);
    if (!first.ok) throw new Error('expected ok');
    expect(checkTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now, first.step)).toEqual({ ok: false, replayed: true });
    const earlier = totpCodeAt(RFC_SECRET, new Date(now.getTime() - 30_000));
    expect(checkTotpCode(RFC_SECRET, earlier, now, first.step)).toEqual({ ok: false, replayed: true });
  });

  it('writes the otpauth URI Google Authenticator reads (SHA-1, 6 digits, 30 s are its defaults)', () => {
    expect(otpauthUri(RFC_SECRET, 'MFA Desk', 'anna@example.com')).toBe(
      'otpauth://totp/MFA%20Desk:anna%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=MFA%20Desk',
    );
    expect(formatSecretForTyping(RFC_SECRET)).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });
});
