import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEMO_SUPPORT_ADDRESS, loadConfig } from '../../../src-server/config.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('MFA_DESK_SUPPORT_ADDRESSES', () => {
  it('reads a list of plain addresses, normalised; the flag wins over the environment', () => {
    const env = { MFA_DESK_SUPPORT_ADDRESSES: 'Support@Desk.Example, helpdesk@desk.example' };
    expect(loadConfig({ data: dataDir }, env).supportAddresses).toEqual(['support@desk.example', 'helpdesk@desk.example']);
    expect(loadConfig({ data: dataDir, 'support-addresses': 'it@corp.example' }, env).supportAddresses).toEqual(['it@corp.example']);
  });

  it('is empty when unset, so the server can say at start that nothing can be verified', () => {
    expect(loadConfig({ data: dataDir }, {}).supportAddresses).toEqual([]);
  });

  it('gives the demo organisation its support desk unless one is configured', () => {
    expect(loadConfig({ data: dataDir, demo: true }, {}).supportAddresses).toEqual([DEMO_SUPPORT_ADDRESS]);
    expect(loadConfig({ data: dataDir, demo: true }, { MFA_DESK_SUPPORT_ADDRESSES: 'it@corp.example' }).supportAddresses).toEqual([
      'it@corp.example',
    ]);
  });

  it('refuses anything but plain addresses, naming the setting', () => {
    for (const value of ['IT Desk <support@desk.example>', 'support', 'support@desk.example;it@corp.example']) {
      expect(() => loadConfig({ data: dataDir }, { MFA_DESK_SUPPORT_ADDRESSES: value })).toThrow(ConfigError);
      expect(() => loadConfig({ data: dataDir }, { MFA_DESK_SUPPORT_ADDRESSES: value })).toThrow(
        /^MFA_DESK_SUPPORT_ADDRESSES: .*plain addresses/,
      );
    }
  });
});

describe('--bootstrap-session', () => {
  it('is off unless asked for, and goes only with --demo', () => {
    expect(loadConfig({ data: dataDir }, {}).bootstrapSession).toBe(false);
    expect(loadConfig({ data: dataDir, demo: true, 'bootstrap-session': true }, {}).bootstrapSession).toBe(true);
    expect(() => loadConfig({ data: dataDir, 'bootstrap-session': true }, {})).toThrow(/goes only with --demo/);
    expect(() => loadConfig({ data: dataDir, demo: true, 'bootstrap-session': 'yes' }, {})).toThrow(/takes no value/);
  });
});

describe('MFA_DESK_OLD_ENCRYPTION_KEYS', () => {
  const key = () => Buffer.alloc(32, Math.floor(Math.random() * 256)).toString('base64');

  it('reads comma-separated base64 keys; none by default', () => {
    expect(loadConfig({ data: dataDir }, {}).oldEncryptionKeys).toEqual([]);
    const [a, b] = [key(), key()];
    const keys = loadConfig({ data: dataDir }, { MFA_DESK_OLD_ENCRYPTION_KEYS: `${a}, ${b}` }).oldEncryptionKeys;
    expect(keys.map((k) => k.toString('base64'))).toEqual([a, b]);
  });

  it('refuses a key that is not 32 bytes of base64, naming its position and never its value', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => loadConfig({ data: dataDir }, { MFA_DESK_OLD_ENCRYPTION_KEYS: `${key()},${short}` })).toThrow(/key 2 is not 32 bytes/);
    let refusal: unknown = null;
    try {
      loadConfig({ data: dataDir }, { MFA_DESK_OLD_ENCRYPTION_KEYS: short });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as Error).message).toContain('key 1');
    expect((refusal as Error).message).not.toContain(short);
  });
});
