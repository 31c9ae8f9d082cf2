import { describe, expect, it } from 'vitest';
import { breakdowns, coverageSeries } from '../../../../../src-server/domain/report/mfaReport.js';

describe('report breakdowns', () => {
  it('moves locked accounts out of their stored state, and counts coverage by stored "on"', () => {
    const stored = [
      { key: 'Sales', mfaState: 'on', n: 6 },
      { key: 'Sales', mfaState: 'off', n: 3 },
      { key: 'Sales', mfaState: 'pending', n: 1 },
      { key: 'Legal', mfaState: 'off', n: 2 },
    ];
    const locked = [
      { key: 'Sales', mfaState: 'on', n: 2 },
      { key: 'Legal', mfaState: 'off', n: 1 },
    ];
    expect(breakdowns(stored, locked)).toEqual([
      { key: 'Legal', accounts: 2, byState: { off: 1, pending: 0, on: 0, locked: 1 }, coverage: 0 },
      { key: 'Sales', accounts: 10, byState: { off: 3, pending: 1, on: 4, locked: 2 }, coverage: 0.6 },
    ]);
  });

  it('answers zero coverage, not NaN, for nothing at all', () => {
    expect(breakdowns([], [])).toEqual([]);
    expect(breakdowns([{ key: 'x', mfaState: 'off', n: 0 }], [])[0]!.coverage).toBe(0);
  });
});

describe('coverage series', () => {
  const now = new Date('2026-03-10T15:00:00Z');

  it('walks back from today by undoing each day’s accounts, confirmations and revocations', () => {
    const series = coverageSeries(
      now,
      { accounts: 10, mfaOn: 6 },
      {
        created: new Map([
          ['2026-03-10', 2],
          ['2026-03-09', 1],
        ]),
        confirmed: new Map([
          ['2026-03-10', 1],
          ['2026-03-08', 3],
        ]),
        revoked: new Map([['2026-03-09', 2]]),
      },
      4,
    );
    expect(series).toEqual([
      { day: '2026-03-07', accounts: 7, mfaOn: 4, coverage: 4 / 7 },
      { day: '2026-03-08', accounts: 7, mfaOn: 7, coverage: 1 },
      { day: '2026-03-09', accounts: 8, mfaOn: 5, coverage: 5 / 8 },
      { day: '2026-03-10', accounts: 10, mfaOn: 6, coverage: 0.6 },
    ]);
  });

  it('has one point a day for 90 days by default, today last', () => {
    const series = coverageSeries(now, { accounts: 0, mfaOn: 0 }, { created: new Map(), confirmed: new Map(), revoked: new Map() });
    expect(series).toHaveLength(90);
    expect(series[89]!.day).toBe('2026-03-10');
    expect(series[0]!.day).toBe('2025-12-11');
  });
});
