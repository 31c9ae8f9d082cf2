import { beforeAll, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../../../src-renderer/src/i18n';
import { MAX_MESSAGE_BYTES } from '../../../../src-shared/limits.js';
import { bytesToBase64, looksLikeMessage, messageText, pastedMessage, senderOf } from '../../../../src-renderer/src/lib/rawMessage.js';

// The console loads the language it shows before its first screen; these tests read English.
beforeAll(() => applyLanguage('en'));

const bytesOf = (rawBase64: string) => Uint8Array.from(atob(rawBase64), (c) => c.charCodeAt(0));
const decoded = (rawBase64: string) => new TextDecoder().decode(bytesOf(rawBase64));

describe('a pasted e-mail source', () => {
  it('is sent with CRLF line ends, as it was signed: a text box keeps only LF', () => {
    const result = pastedMessage('From: anna@contoso.example\nTo: support@desk.example\n\nPlease disable MFA.\n');
    expect(result.ok && decoded(result.rawBase64)).toBe(
      'From: anna@contoso.example\r\nTo: support@desk.example\r\n\r\nPlease disable MFA.\r\n',
    );
  });

  it('keeps CRLF that is already there, without doubling the CR', () => {
    const result = pastedMessage('From: anna@contoso.example\r\n\r\nBody\r\n');
    expect(result.ok && decoded(result.rawBase64)).toBe('From: anna@contoso.example\r\n\r\nBody\r\n');
  });

  it('drops what a paste adds before the first header', () => {
    const result = pastedMessage('\n\n  From: anna@contoso.example\n\nBody');
    expect(result.ok && decoded(result.rawBase64).startsWith('From:')).toBe(true);
  });

  it('is refused when empty or over the limit, with a sentence an agent can act on', () => {
    expect(pastedMessage('   ')).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(pastedMessage('x'.repeat(MAX_MESSAGE_BYTES + 1))).toMatchObject({ ok: false, message: expect.stringContaining('limit') });
  });
});

describe('base64 of large messages', () => {
  it('encodes megabytes without overflowing the stack, byte for byte', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    const back = bytesOf(bytesToBase64(bytes));
    expect(back.length).toBe(bytes.length);
    expect(back.every((byte, i) => byte === bytes[i])).toBe(true);
  });
});

describe('the sender that finds the account', () => {
  it('reads one From address, angled or bare, folded or not', () => {
    expect(senderOf('From: Anna <Anna@Contoso.example>\r\n\r\nx')).toBe('anna@contoso.example');
    expect(senderOf('From: anna@contoso.example\n\nx')).toBe('anna@contoso.example');
    expect(senderOf('From: "Anna Schmidt"\n <anna@contoso.example>\n\nx')).toBe('anna@contoso.example');
  });

  it('gives no sender for two From headers, none, or one in the body only', () => {
    expect(senderOf('From: a@x.example\nFrom: b@y.example\n\nx')).toBeNull();
    expect(senderOf('To: support@desk.example\n\nFrom: a@x.example')).toBeNull();
  });
});

describe('senderOf', () => {
  it.each([
    ['a name and an address', 'From: Rosa Genuine <Rosa.Genuine@Corp.example>\nSubject: hi\n\nbody', 'rosa.genuine@corp.example'],
    ['a bare address', 'Received: by mx\nFrom: sam@corp.example\n\nbody', 'sam@corp.example'],
    [
      'a folded header',
      'From: "Sam, the user"\n <sam@corp.example>\nTo: support@desk.example\n\nFrom: eve@corp.example',
      'sam@corp.example',
    ],
  ])('reads %s', (_name, source, sender) => {
    expect(senderOf(source)).toBe(sender);
  });

  it.each([
    ['no From', 'Subject: my phone\n\nFrom: sam@corp.example'],
    ['two From headers', 'From: sam@corp.example\nFrom: eve@corp.example\n\nbody'],
    ['a From without an address', 'From: Sam\n\nbody'],
    ['two mailboxes', 'From: sam@corp.example, eve@corp.example\n\nbody'],
  ])('finds none with %s', (_name, source) => {
    expect(senderOf(source)).toBeNull();
  });

  it('tells a message from a stray paste, and reads the bytes a paste becomes', () => {
    expect(looksLikeMessage('From: sam@corp.example\nSubject: x\n\nbody')).toBe(true);
    expect(looksLikeMessage('please turn MFA off, from Sam')).toBe(false);
    const raw = pastedMessage('From: sam@corp.example\n\nbody');
    expect(raw.ok && senderOf(messageText(raw.rawBase64))).toBe('sam@corp.example');
  });
});
