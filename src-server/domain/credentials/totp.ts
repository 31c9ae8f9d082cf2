/**
 * RFC 6238 TOTP as Google Authenticator expects it (SHA-1, 6 digits, 30 s), on otplib's plugins.
 * Verification accepts ±1 step, refuses any step at or before the last accepted one (a code works once),
 * and compares in constant time. HMAC and random bytes go through otplib's node:crypto plugin (OpenSSL),
 * base32 through its scure plugin. The ±1-step window and the RFC 4226 truncation are done here rather
 * than by otplib's `verifySync`: that re-validates and re-normalises every option for each of the three
 * steps, which cost four fifths of a verification (`bench/totpVerification.ts`); the unit tests hold
 * this code to the RFC vectors and to otplib's own verifier.
 */
import { timingSafeEqual } from 'node:crypto';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSecret, generateURI, ScureBase32Plugin } from 'otplib';
import { TOTP } from '../../../src-shared/domain.js';

const nodeCrypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();
const MODULUS = 10 ** TOTP.digits;

export const newTotpSecret = () => generateSecret({ length: TOTP.secretBytes, crypto: nodeCrypto });

export const currentStep = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP.periodSeconds);

export type CodeCheck = { ok: true; step: number } | { ok: false; replayed: boolean };

/** The code of one time step (RFC 4226 dynamic truncation of HMAC-SHA1 over the step counter). */
function codeAtStep(key: Uint8Array, step: number): string {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(step));
  const mac = nodeCrypto.hmac(TOTP.algorithm, key, counter);
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  const value =
    (((mac[offset] ?? 0) & 0x7f) << 24) | ((mac[offset + 1] ?? 0) << 16) | ((mac[offset + 2] ?? 0) << 8) | (mac[offset + 3] ?? 0);
  return String(value % MODULUS).padStart(TOTP.digits, '0');
}

/** Checks a code against a secret; `lastStep` is the last step accepted for this factor, if any. */
export function checkTotpCode(secret: string, code: string, now: Date, lastStep: number | null): CodeCheck {
  const key = base32.decode(secret);
  const given = Buffer.from(code);
  const current = currentStep(now);
  // Every step of the window is computed and compared, so the time taken does not tell which one matched.
  let matched: number | null = null;
  for (let step = current - TOTP.acceptedSteps; step <= current + TOTP.acceptedSteps; step++) {
    const expected = Buffer.from(codeAtStep(key, step));
    if (given.length === expected.length && timingSafeEqual(given, expected) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, replayed: false };
  if (lastStep !== null && matched <= lastStep) return { ok: false, replayed: true };
  return { ok: true, step: matched };
}

/** The code a correct authenticator shows at `at`; used by the clock check and by tests playing the user. */
export const totpCodeAt = (secret: string, at: Date) => codeAtStep(base32.decode(secret), currentStep(at));

export function otpauthUri(secret: string, issuer: string, accountName: string): string {
  return generateURI({ issuer, label: accountName, secret, algorithm: 'sha1', digits: TOTP.digits, period: TOTP.periodSeconds });
}

/** The key as people type it: upper case, in groups of four. */
export const formatSecretForTyping = (secret: string) =>
  secret
    .replace(/=+$/, '')
    .match(/.{1,4}/g)
    ?.join(' ') ?? secret;
