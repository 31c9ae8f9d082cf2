/** The support mailboxes' setting: an unreadable URL is refused without showing any part of its password. */
import { describe, expect, it } from 'vitest';
import { parseMailboxes } from '../../../../../src-server/domain/intake/mailboxSettings.js';

const SECRET = 'Hunter2-Sekret';

function refusal(value: string): string {
  try {
    parseMailboxes(value);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${value} was accepted`);
}

describe('mailbox URLs that cannot be read', () => {
  it.each([
    ['a raw slash', `imaps://support:${SECRET}/x@imap.corp.example:993/INBOX`],
    ['a raw hash', `imaps://support:${SECRET}#x@imap.corp.example:993/INBOX`],
    ['a raw comma, which splits the list', `imaps://support:${SECRET},x@imap.corp.example:993/INBOX`],
    ['a raw comma before the secret', `imaps://support:x,${SECRET}@imap.corp.example:993/INBOX`],
    ['no scheme at all', `support:${SECRET}@imap.corp.example`],
  ])('are refused with a password holding %s, and the refusal shows none of it', (_case, value) => {
    const message = refusal(value);
    expect(message).toMatch(/is not a URL like imaps:|starts with imaps:\/\//);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('Hunter');
  });

  it('name the host of an unreadable URL, so the admin knows which one', () => {
    expect(refusal(`imaps://support:${SECRET}/x@imap.corp.example:993/INBOX`)).toContain('imap.corp.example');
  });
});
