/**
 * Searches take turns (src-server/domain/accounts/searchGate.ts): a few broad searches at once, the
 * rest in order behind them, and the look-up of a whole login never behind any of them.
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
    const gate = createSearchGate(2);
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
    const gate = createSearchGate(1);
    const s = searches();
    void gate('a', s.search(0));
    void gate('chmidt', s.search(1));
    const lookup = gate(' Anna.Schmidt@Corp.Example ', s.search(2));
    await settle();
    expect([...s.order].sort()).toEqual([0, 2]);
    s.ends.get(2)?.();
    expect(await lookup).toBe(2);
  });

  it('counts as a look-up only a whole login: not a domain, a name, or a word with an @ that is no login', () => {
    expect(isLoginLookup('anna.schmidt@corp.example')).toBe(true);
    expect(isLoginLookup('@corp.example')).toBe(false);
    expect(isLoginLookup('anna')).toBe(false);
    expect(isLoginLookup('anna@')).toBe(false);
    expect(isLoginLookup('a b@c.example')).toBe(false);
  });
});
