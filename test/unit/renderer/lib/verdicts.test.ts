import { describe, expect, it } from 'vitest';
import { codePoints, splitHighlights } from '../../../../src-renderer/src/lib/verdicts.js';

describe('marking look-alike characters in a sender address', () => {
  it('splits the address into plain runs and each flagged character, in order', () => {
    const address = 'аnna@cоntoso.example'; // Cyrillic а (U+0430) and о (U+043E)
    const parts = splitHighlights(address, [
      { index: 6, char: 'о', reason: 'Cyrillic o' },
      { index: 0, char: 'а', reason: 'Cyrillic a' },
    ]);
    expect(parts).toEqual([
      { text: 'а', reason: 'Cyrillic a' },
      { text: 'nna@c', reason: null },
      { text: 'о', reason: 'Cyrillic o' },
      { text: 'ntoso.example', reason: null },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(address);
  });

  it('keeps a character outside the basic plane whole (UTF-16 offsets, as the server sends them)', () => {
    const address = 'a𝐚b@x.example';
    expect(splitHighlights(address, [{ index: 1, char: '𝐚', reason: 'mathematical a' }]).map((p) => p.text)).toEqual([
      'a',
      '𝐚',
      'b@x.example',
    ]);
  });

  it('ignores highlights outside the address or overlapping an earlier one', () => {
    const parts = splitHighlights('ab@x.example', [
      { index: 40, char: 'z', reason: 'out of range' },
      { index: 0, char: 'a', reason: 'first' },
      { index: 0, char: 'a', reason: 'again' },
    ]);
    expect(parts).toEqual([
      { text: 'a', reason: 'first' },
      { text: 'b@x.example', reason: null },
    ]);
  });

  it('names a character by its code points', () => {
    expect(codePoints('о')).toBe('U+043E');
    expect(codePoints('𝐚')).toBe('U+1D41A');
  });
});
