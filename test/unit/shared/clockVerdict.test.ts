/** The clock check's verdict (src-shared/clockVerdict.ts), which the backend's advice and the console's both word. */
import { describe, expect, it } from 'vitest';
import { clockVerdict } from '../../../src-shared/clockVerdict';

describe('the clock verdict', () => {
  it('calls a phone right within one 30-second step, either way', () => {
    for (const offset of [-30, 0, 30]) expect(clockVerdict(offset)).toEqual({ kind: 'right' });
  });

  it('says ahead or behind in seconds up to three minutes, then in whole minutes', () => {
    expect(clockVerdict(60)).toEqual({ kind: 'ahead', amount: { unit: 'seconds', n: 60 } });
    expect(clockVerdict(-150)).toEqual({ kind: 'behind', amount: { unit: 'seconds', n: 150 } });
    expect(clockVerdict(180)).toEqual({ kind: 'ahead', amount: { unit: 'minutes', n: 3 } });
    expect(clockVerdict(-210)).toEqual({ kind: 'behind', amount: { unit: 'minutes', n: 4 } });
  });
});
