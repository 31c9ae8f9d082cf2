/**
 * RFC 6238 TOTP as Google Authenticator expects it (SHA-1, 6 digits, 30 s), on otplib.
 * Verification accepts ±1 step, refuses any step at or before the last accepted one (a code works once),
 * and compares in constant time (otplib does). HMAC, random bytes and the comparison go through otplib's
 * node:crypto plugin (OpenSSL) instead of its default pure-JavaScript one, which is several times slower.
 */
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { TOTP } from '../../../src-shared/domain.js';

const nodeCrypto = new NodeCryptoPlugin();

export const newTotpSecret = () => generateSecret({ length: TOTP.secretBytes, crypto: nodeCrypto });

export const currentStep = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP.periodSeconds);

export type CodeCheck = { ok: true; step: number } | { ok: false; replayed: boolean };

/** Checks a code against a secret; `lastStep` is the last step accepted for this factor, if any. */
export function checkTotpCode(secret: string, code: string, now: Date, lastStep: number | null): CodeCheck {
  const epoch = Math.floor(now.getTime() / 1000);
  const tolerance = TOTP.acceptedSteps * TOTP.periodSeconds;
  const inWindow = verifySync({ secret, token: code, epoch, epochTolerance: tolerance, crypto: nodeCrypto });
  if (!inWindow.valid) return { ok: false, replayed: false };
  const step = currentStep(now) + inWindow.delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, replayed: true };
  return { ok: true, step };
}

/** The code a correct authenticator shows at `at`; used by the clock check and by tests playing the user. */
export const totpCodeAt = (secret: string, at: Date) =>
  generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), crypto: nodeCrypto });

export function otpauthUri(secret: string, issuer: string, accountName: string): string {
  return generateURI({ issuer, label: accountName, secret, algorithm: 'sha1', digits: TOTP.digits, period: TOTP.periodSeconds });
}

/** The key as people type it: upper case, in groups of four. */
export const formatSecretForTyping = (secret: string) =>
  secret
    .replace(/=+$/, '')
    .match(/.{1,4}/g)
    ?.join(' ') ?? secret;
