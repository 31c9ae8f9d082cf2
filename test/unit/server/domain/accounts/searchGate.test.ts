/**
 * Searches take turns (src-server/domain/accounts/searchGate.ts): a few broad searches at once, the
 * rest in order behind them up to a bound, past which they are refused at once; the look-up of a whole
 * login never behind any of them, nor refused.
 */
import { describe, expect, it } from 'vitest';
import { isLoginLookup } from '../../../../../src-server/domain/accounts/search.js';
import { createSearchGate } from '../../../../../src-server/domain/accounts/searchGate.js';

/** A search that runs until the test lets it end, recording how many run at the same time. */
function searches() {
  let running = 0;
  let most = 0;
  const order: number[] = [];
  const ends = new Map<number, () => void>();
  const search = (n: number) => () =>
    new Promise<number>((resolve) => {
      running++;
      most = Math.max(most, running);
      order.push(n);
      ends.set(n, () => {
        running--;
        resolve(n);
      });
    });
  return { search, order, ends, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('searches taking turns', () => {
  it('runs at most the given number of broad searches at once, the others in the order they came', async () => {
    const gate = createSearchGate({ concurrency: 2, waiting: 10 });
    const s = searches();
    const answers = Array.from({ length: 6 }, (_, n) => gate('anna', s.search(n)));
    await settle();
    expect(s.order).toEqual([0, 1]);
    for (let n = 0; n < 6; n++) {
      s.ends.get(n)?.();
      await settle();
    }
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.most()).toBe(2);
  });

  it('runs the look-up of a whole login at once, while broad searches fill every turn', async () => {
    const gate = createSearchGate({ concurrency: 1, waiting: 10 });
    const s = searches();
    void gate('a', s.search(0));
    void gate('chmidt', s.search(1));
    const lookup = gate(' Anna.Schmidt@Corp.Example ', s.search(2));
    await settle();
    expect([...s.order].sort()).toEqual([0, 2]);
    s.ends.get(2)?.();
    expect(await lookup).toBe(2);
  });

  it('refuses a broad search at once past the waiting line, still runs look-ups, and admits again once the line moves', async () => {
    const gate = createSearchGate({ concurrency: 2, waiting: 3 });
    const s = searches();
    const admitted = Array.from({ length: 5 }, (_, n) => gate('anna', s.search(n)));
    const refused = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => gate('chmidt', s.search(100 + n))));
    for (const r of refused) {
      expect(r.status).toBe('rejected');
      expect(r.status === 'rejected' && r.reason).toMatchObject({ status: 503, code: 'search_busy', extra: { retryAfterSeconds: 1 } });
    }
    const lookup = gate('anna.schmidt@corp.example', s.search(50));
    await settle();
    expect([...s.order].sort((a, b) => a - b)).toEqual([0, 1, 50]);
    s.ends.get(50)?.();
    expect(await lookup).toBe(50);
    // One search ends, one waiting one starts: the line has a place again.
    s.ends.get(0)?.();
    await settle();
    const later = gate('anna', s.search(5));
    await expect(gate('anna', s.search(6))).rejects.toMatchObject({ code: 'search_busy' });
    for (let n = 1; n <= 5; n++) {
      s.ends.get(n)?.();
      await settle();
    }
    expect(await Promise.all([...admitted, later])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.order.filter((n) => n >= 100)).toEqual([]);
  });

  it('counts as a look-up only a whole login: not a domain, a name, or a word with an @ that is no login', () => {
    expect(isLoginLookup('anna.schmidt@corp.example')).toBe(true);
    expect(isLoginLookup('@corp.example')).toBe(false);
    expect(isLoginLookup('anna')).toBe(false);
    expect(isLoginLookup('anna@')).toBe(false);
    expect(isLoginLookup('a b@c.example')).toBe(false);
  });
});
