import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults } from '../../../../../../src-server/domain/disable/request/authenticationResults.js';

describe('parseAuthenticationResults', () => {
  it('reads the authserv-id and each method with its properties', () => {
    const parsed = parseAuthenticationResults(
      'MX.Desk.Example 1; dkim=pass (2048-bit key) header.d=corp.example header.s=sel; dmarc=pass (p=REJECT sp=REJECT) header.from=corp.example',
    );
    expect(parsed).toEqual({
      authservId: 'mx.desk.example',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.d': 'corp.example', 'header.s': 'sel' } },
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'corp.example' } },
      ],
    });
  });

  it('ignores results written inside comments', () => {
    const parsed = parseAuthenticationResults(
      'mx.desk.example; dmarc=fail (dmarc=pass header.from=corp.example; fooled) header.from=corp.example',
    );
    expect(parsed?.results).toEqual([{ method: 'dmarc', result: 'fail', properties: { 'header.from': 'corp.example' } }]);
  });

  it('keeps quoted values whole', () => {
    const parsed = parseAuthenticationResults('mx.desk.example; dmarc=pass reason="a; b" header.from=corp.example');
    expect(parsed?.results[0]?.properties).toEqual({ reason: 'a; b', 'header.from': 'corp.example' });
  });

  it('reads "none" as a header without results', () => {
    expect(parseAuthenticationResults('mx.desk.example; none')).toEqual({ authservId: 'mx.desk.example', results: [] });
  });

  it('returns null without an authserv-id', () => {
    expect(parseAuthenticationResults('dmarc=pass header.from=corp.example')).toBeNull();
    expect(parseAuthenticationResults('')).toBeNull();
  });
});
