/** What the Incoming queue shows of an item without opening it: the characters that make a sender a look-alike. */
import type { Incoming } from '../../../src-shared/intakeApi';
import { t } from '../i18n';
import { codePoints } from './verdicts';

type Mark = { char: string; index: number; reason: string };

/**
 * The sender's characters that are not the login's, at UTF-16 offsets as `splitHighlights` takes them:
 * position by position when both have as many characters (a swapped letter), otherwise every character
 * outside ASCII (an added or hidden one). Only for an item the server matched as a look-alike.
 */
export function lookalikeMarks(item: Pick<Incoming, 'match' | 'from' | 'accountLogin'>): Mark[] {
  const sender = item.from?.address;
  const login = item.accountLogin;
  if (item.match !== 'lookalike' || !sender || !login) return [];
  const senderChars = Array.from(sender);
  const loginChars = Array.from(login.toLowerCase());
  const sameLength = senderChars.length === loginChars.length;
  const marks: Mark[] = [];
  let offset = 0;
  senderChars.forEach((char, i) => {
    const expected = loginChars[i];
    const differs = sameLength ? char.toLowerCase() !== expected : (char.codePointAt(0) ?? 0) > 0x7e;
    if (differs)
      marks.push({
        char,
        index: offset,
        reason:
          sameLength && expected
            ? t('incoming.markedInstead', { char: codePoints(char), login: expected })
            : t('incoming.marked', { char: codePoints(char) }),
      });
    offset += char.length;
  });
  return marks;
}
