import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf } from '../../../../../src-server/domain/credentials/secretBox.js';

/** A value in the format used before key ids (`v1:`), sealed with `key`. */
function sealedV1(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'factor-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'factor-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'factor-1')).not.toBe(sealed);
  });

  it('refuses a ciphertext moved to another row, a wrong key, or a changed byte', () => {
    const sealed = box.seal('secret', 'factor-1');
    expect(() => box.open(sealed, 'factor-2')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'factor-1')).toThrow(/not configured/);
    const [version, keyId, payload] = sealed.split(':');
    const raw = Buffer.from(payload!, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`${version}:${keyId}:${raw.toString('base64')}`, 'factor-1')).toThrow();
  });

  it('insists on 256-bit keys, old ones included', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(32), [randomBytes(31)])).toThrow(/32 bytes/);
  });
});

describe('key rotation (a keyring)', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createSecretBox(oldKey);
  const rotated = createSecretBox(newKey, [oldKey]);

  it('names the sealing key in each value: a stable id derived from the key, not the key', () => {
    expect(rotated.keyId).toBe(keyIdOf(newKey));
    expect(rotated.keyId).toMatch(/^[0-9a-f]{12}$/);
    expect(rotated.keyId).not.toBe(before.keyId);
    const sealed = rotated.seal('secret', 'factor-1');
    expect(sealed.startsWith(`v2:${rotated.keyId}:`)).toBe(true);
    expect(sealed).not.toContain(newKey.toString('base64'));
    expect(rotated.isCurrent(sealed)).toBe(true);
  });

  it('opens what the old key sealed, and seals only with the newest', () => {
    const old = before.seal('old secret', 'factor-1');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.open(old, 'factor-1')).toBe('old secret');
    const resealed = rotated.seal(rotated.open(old, 'factor-1'), 'factor-1');
    expect(createSecretBox(newKey).open(resealed, 'factor-1')).toBe('old secret');
    // The old key alone cannot open what the newest sealed.
    expect(() => before.open(resealed, 'factor-1')).toThrow(/not configured/);
  });

  it('opens values from before key ids with whichever configured key sealed them', () => {
    expect(rotated.open(sealedV1(oldKey, 'legacy', 'factor-9'), 'factor-9')).toBe('legacy');
    expect(rotated.open(sealedV1(newKey, 'legacy', 'factor-9'), 'factor-9')).toBe('legacy');
    expect(rotated.isCurrent(sealedV1(newKey, 'legacy', 'factor-9'))).toBe(false);
    expect(() => rotated.open(sealedV1(randomBytes(32), 'legacy', 'factor-9'), 'factor-9')).toThrow(/any configured key/);
    expect(() => rotated.open('v3:x:y', 'factor-9')).toThrow(/Unknown secret format/);
  });
});
