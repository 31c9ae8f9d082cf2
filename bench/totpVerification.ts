/**
 * TOTP verification speed: checkTotpCode (otplib's node:crypto and base32 plugins) against the bare work of
 * a ±1-step check done with node:crypto directly (three HMAC-SHA1s and dynamic truncation). Prints
 * verifications per second for both and their ratio; the target is at least 0.5.
 *   npx tsx bench/totpVerification.ts
 */
import { createHmac } from 'node:crypto';
import { base32 } from '@scure/base';
import { checkTotpCode, newTotpSecret, totpCodeAt } from '../src-server/domain/credentials/totp.js';

const secret = newTotpSecret();
const key = Buffer.from(base32.decode(secret));
const now = new Date();
const code = totpCodeAt(secret, new Date(now.getTime() + 30_000));

function rawCheck(token: string, at: Date): boolean {
  const step = Math.floor(at.getTime() / 30_000);
  let found = false;
  for (const s of [step - 1, step, step + 1]) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(s));
    const mac = createHmac('sha1', key).update(counter).digest();
    const offset = (mac[mac.length - 1] ?? 0) & 0xf;
    const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
    if (String(value).padStart(6, '0') === token) found = true;
  }
  return found;
}

function perSecond(run: () => boolean, seconds = 1.5): number {
  let n = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) for (let i = 0; i < 100; i++, n++) if (!run()) throw new Error('the code did not verify');
  return n / seconds;
}

export function measureTotpVerification(log: (line: string) => void = console.log) {
  perSecond(() => rawCheck(code, now), 0.3);
  perSecond(() => checkTotpCode(secret, code, now, null).ok, 0.3);
  const raw = perSecond(() => rawCheck(code, now));
  const otplib = perSecond(() => checkTotpCode(secret, code, now, null).ok);
  log(
    `TOTP verification: otplib + node:crypto ${Math.round(otplib)}/s, raw node:crypto ${Math.round(raw)}/s, ratio ${(otplib / raw).toFixed(2)} (target ≥ 0.5)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) measureTotpVerification();
