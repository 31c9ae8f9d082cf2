import { describe, expect, it } from 'vitest';
import { checkDisableRequest, createDnsResolver, NotAMessageError } from '../../../../../../src-server/domain/disable/request/index.js';
import type { CheckOptions } from '../../../../../../src-server/domain/disable/request/index.js';

// These inputs are rejected before any DNS lookup, so no DNS server is needed.
const options: CheckOptions = {
  login: 'alice@corp.example',
  trustedAuthservIds: ['mx.desk.example'],
  supportAddresses: ['support@desk.example'],
  resolver: createDnsResolver(['127.0.0.1:9']),
  maxAgeDays: 30,
  now: new Date(),
};

async function rejection(raw: Buffer): Promise<NotAMessageError> {
  const error: unknown = await checkDisableRequest(raw, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NotAMessageError);
  return error as NotAMessageError;
}

describe('input that is not an e-mail', () => {
  it('rejects an empty upload', async () => {
    expect((await rejection(Buffer.alloc(0))).code).toBe('empty_message');
    expect((await rejection(Buffer.from(' \r\n\r\n'))).code).toBe('empty_message');
  });

  it('rejects binary data', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const error = await rejection(png);
    expect(error.code).toBe('binary_content');
    expect(error.message).toMatch(/\.eml/);
  });

  it('rejects text without header fields', async () => {
    expect((await rejection(Buffer.from('Hi support,\nplease turn off MFA for alice@corp.example.\n'))).code).toBe('no_headers');
  });

  it('rejects a header section with a broken line', async () => {
    expect((await rejection(Buffer.from('From: alice@corp.example\r\nthis is not a header\r\n\r\nbody'))).code).toBe('malformed_header');
  });

  it('rejects a message without a From header', async () => {
    const error = await rejection(Buffer.from('To: support@desk.example\r\nSubject: MFA\r\n\r\nPlease disable.\r\n'));
    expect(error.code).toBe('no_from_header');
    expect(error.message).toMatch(/no From header/);
  });
});
