import { describe, expect, it } from 'vitest';
import { contentFingerprint } from '../../../../../../src-server/domain/disable/request/contentFingerprint.js';

const message = (headers: string, body: string) => Buffer.from(`${headers}\r\n\r\n${body}`);
const ALICE = { sender: 'alice@corp.example', date: '2026-03-02T09:15:00.000Z' };

describe('the content fingerprint of a message', () => {
  const original = message('From: alice@corp.example\r\nMessage-ID: <1@corp.example>', 'Please disable MFA.\r\nAlice\r\n');

  it('stays the same when unsigned headers are added or changed', () => {
    const rewritten = message(
      'Received: by relay\r\nFrom: alice@corp.example\r\nMessage-ID: <2@elsewhere>',
      'Please disable MFA.\r\nAlice\r\n',
    );
    expect(contentFingerprint(rewritten, ALICE)).toBe(contentFingerprint(original, ALICE));
  });

  it('stays the same under the whitespace changes a relaxed signature survives', () => {
    const spaced = message('From: alice@corp.example', 'Please   disable\tMFA.  \nAlice\r\n\r\n\r\n');
    expect(contentFingerprint(spaced, ALICE)).toBe(contentFingerprint(original, ALICE));
  });

  it('changes when the text changes', () => {
    const other = message('From: alice@corp.example', 'Please disable MFA for Bob.\r\nAlice\r\n');
    expect(contentFingerprint(other, ALICE)).not.toBe(contentFingerprint(original, ALICE));
  });

  it('tells apart the same words from another sender, or sent at another time', () => {
    expect(contentFingerprint(original, { ...ALICE, sender: 'bob@corp.example' })).not.toBe(contentFingerprint(original, ALICE));
    expect(contentFingerprint(original, { ...ALICE, date: '2027-03-02T09:15:00.000Z' })).not.toBe(contentFingerprint(original, ALICE));
  });

  it('hashes an absent body like an empty one', () => {
    expect(contentFingerprint(Buffer.from('From: a@corp.example\r\n'), ALICE)).toBe(
      contentFingerprint(message('From: a@corp.example', ''), ALICE),
    );
  });
});
