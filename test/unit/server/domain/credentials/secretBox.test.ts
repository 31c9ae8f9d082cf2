import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../../../src-server/domain/credentials/secretBox.js';

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
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'factor-1')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`, 'factor-1')).toThrow();
  });

  it('insists on a 256-bit key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
