/**
 * AES-256-GCM for secrets at rest (TOTP secrets, sealed link e-mails). Keys live outside the database
 * (config or a key file); the record id is bound in as associated data so a ciphertext cannot be moved
 * to another row.
 *
 * A keyring, so the key can be rotated: the newest key seals, and older keys only open. A sealed value
 * names its key: `v2:<key id>:<base64 of iv, tag, ciphertext>`, the key id being derived from the key
 * itself (a hash prefix: it identifies, it reveals nothing usable). Values sealed before key ids existed
 * (`v1:<base64>`) are opened with whichever configured key authenticates them. `npm run reseal-secrets`
 * (secretReseal.ts) re-seals every stored value with the newest key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  /** The id of the key that seals: a value is current when it names this key. */
  readonly keyId: string;
  seal(plaintext: string, boundTo: string): string;
  open(sealed: string, boundTo: string): string;
  /** Whether the value is sealed with the newest key (so re-sealing would change nothing). */
  isCurrent(sealed: string): boolean;
}

/** A key's id: 12 hex characters of a hash of the key under its own label. */
export const keyIdOf = (key: Buffer) => createHash('sha256').update('mfa-desk secret box key id\n').update(key).digest('hex').slice(0, 12);

function openWith(key: Buffer, payload: string, boundTo: string): string {
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** `key` seals and opens; each of `oldKeys` only opens (values sealed before the last rotation). */
export function createSecretBox(key: Buffer, oldKeys: readonly Buffer[] = []): SecretBox {
  for (const k of [key, ...oldKeys]) if (k.length !== 32) throw new Error('The encryption key must be 32 bytes (AES-256).');
  const keyId = keyIdOf(key);
  const ring = new Map<string, Buffer>([...oldKeys.map((k) => [keyIdOf(k), k] as const), [keyId, key]]);
  return {
    keyId,
    seal(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v2:${keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, boundTo) {
      const [format, ...fields] = sealed.split(':');
      if (format === 'v2' && fields.length === 2) {
        const [id = '', payload = ''] = fields;
        const named = ring.get(id);
        if (!named) throw new Error(`This secret is sealed with key ${id}, which is not configured (MFA_DESK_OLD_ENCRYPTION_KEYS).`);
        return openWith(named, payload, boundTo);
      }
      if (format === 'v1' && fields.length === 1) {
        const [payload = ''] = fields;
        // Sealed before key ids: the first key that authenticates it sealed it (GCM's tag tells).
        for (const candidate of ring.values()) {
          try {
            return openWith(candidate, payload, boundTo);
          } catch {
            // Not this key; try the next.
          }
        }
        throw new Error('This secret does not open with any configured key.');
      }
      throw new Error('Unknown secret format.');
    },
    isCurrent(sealed) {
      return sealed.startsWith(`v2:${keyId}:`);
    },
  };
}
