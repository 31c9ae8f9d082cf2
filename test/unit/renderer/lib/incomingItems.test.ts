import { beforeAll, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../../../src-renderer/src/i18n';
import { lookalikeMarks } from '../../../../src-renderer/src/lib/incomingItems.js';
import { splitHighlights } from '../../../../src-renderer/src/lib/verdicts.js';

// The console loads the language it shows before its first screen; these tests read English.
beforeAll(() => applyLanguage('en'));

describe('marking what makes an incoming sender a look-alike of the login', () => {
  it('marks each character that stands where the login has another', () => {
    const item = { match: 'lookalike' as const, from: { address: 'nоah@corp.example', name: '' }, accountLogin: 'noah@corp.example' };
    const marks = lookalikeMarks(item);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ char: 'о', index: 1 });
    expect(marks[0]!.reason).toContain('U+043E');
    expect(splitHighlights(item.from.address, marks).map((p) => p.text)).toEqual(['n', 'о', 'ah@corp.example']);
  });

  it('marks the characters outside ASCII when the sender is longer than the login', () => {
    const marks = lookalikeMarks({
      match: 'lookalike',
      from: { address: 'no\u200bah@corp.example', name: '' },
      accountLogin: 'noah@corp.example',
    });
    expect(marks.map((m) => m.index)).toEqual([2]);
  });

  it('marks nothing on a sender that is the login', () => {
    expect(lookalikeMarks({ match: 'exact', from: { address: 'noah@corp.example', name: '' }, accountLogin: 'noah@corp.example' })).toEqual(
      [],
    );
  });
});
