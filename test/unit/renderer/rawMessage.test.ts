/** Finding the account of a message dropped or pasted anywhere: the From address, read from the source. */
import { describe, expect, it } from 'vitest';
import { looksLikeMessage, messageText, pastedMessage, senderOf } from '../../../src-renderer/src/lib/rawMessage';

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
