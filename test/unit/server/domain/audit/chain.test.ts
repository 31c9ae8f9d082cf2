import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detailsHashOf, eventHash, GENESIS_HASH, REDACTED_DETAILS } from '../../../../../src-server/domain/audit/chain.js';
import { csvField, csvLine, EXPORT_COLUMNS, jsonLine } from '../../../../../src-server/domain/audit/export.js';
import { createChainWalker, type StoredEvent } from '../../../../../src-server/domain/audit/log.js';

/** A small valid chain, with the awkward values an export must carry exactly. */
function chain(): StoredEvent[] {
  const events: StoredEvent[] = [];
  const contents = [
    { reason: null, ticketRef: null, details: '{}' },
    { reason: 'He said "urgent", twice,\r\nthen hung up', ticketRef: '', details: '{"note":"a,b"}' },
    { reason: 'Ünïcødé — ok', ticketRef: 'T-1', details: '{"n":1}' },
  ];
  for (const [i, c] of contents.entries()) {
    const row = {
      at: `2026-01-0${i + 1}T00:00:00.000Z`,
      actorType: 'agent',
      actorId: 'a1',
      actorLabel: 'a@desk.test',
      action: 'mfa.disabled',
      accountId: null,
      accountLogin: null,
      ...c,
      detailsHash: detailsHashOf(c.details),
      prevHash: events[i - 1]?.hash ?? GENESIS_HASH,
    };
    events.push({ seq: i + 1, ...row, hash: eventHash(row) });
  }
  return events;
}

const walk = (events: StoredEvent[], contiguous = true) => {
  const walker = createChainWalker(contiguous);
  for (const e of events) {
    const broken = walker.check(e);
    if (broken) return broken;
  }
  return null;
};

describe('CSV fields (RFC 4180)', () => {
  it('quotes every string, doubles quotes, and leaves null empty so it differs from ""', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField(42)).toBe('42');
  });

  it('round-trips through a standard CSV parser to the exact values the hash covers', () => {
    const text = `${EXPORT_COLUMNS.join(',')}\r\n${chain().map(csvLine).join('')}`;
    const rows = parse(text, {
      columns: true,
      cast: (value: string, ctx: { quoting: boolean }) => (ctx.quoting || value !== '' ? value : null),
    }) as Record<string, string | null>[];
    const events = rows.map((r) => ({ ...r, seq: Number(r['seq']) }) as unknown as StoredEvent);
    expect(events).toEqual(chain().map((e) => ({ ...e })));
    expect(walk(events)).toBeNull();
  });

  it('JSON Lines carry the same columns', () => {
    const [first] = chain();
    expect(JSON.parse(jsonLine(first!))).toEqual(first);
  });
});

describe('chain walker', () => {
  it('accepts an intact chain and names a changed event, a forged hash, a removed event', () => {
    expect(walk(chain())).toBeNull();
    const changed = chain();
    changed[1] = { ...changed[1]!, reason: 'rewritten' };
    expect(walk(changed)).toEqual({ seq: 2, reason: 'content_changed' });
    const forged = chain();
    const { seq: _s, hash: _h, ...content } = { ...forged[1]!, reason: 'rewritten' };
    forged[1] = { ...forged[1]!, reason: 'rewritten', hash: eventHash(content) };
    expect(walk(forged)).toEqual({ seq: 3, reason: 'chain_broken' });
    const removed = chain();
    removed.splice(1, 1);
    expect(walk(removed)).toEqual({ seq: 3, reason: 'chain_broken' });
    expect(walk(chain().slice(1))).toEqual({ seq: 2, reason: 'chain_broken' });
  });

  it('checks a filtered slice only where neighbours are present', () => {
    const events = chain();
    const walker = createChainWalker(false);
    expect(walker.check(events[0]!)).toBeNull();
    expect(walker.check(events[2]!)).toBeNull();
    expect(walker.unlinked).toBe(1);
    expect(walk([events[2]!, events[0]!], false)).toEqual({ seq: 1, reason: 'chain_broken' });
  });
});

describe('details retention', () => {
  it('a redacted event still verifies, a changed detail does not', () => {
    const redacted = chain();
    redacted[1] = { ...redacted[1]!, details: REDACTED_DETAILS };
    expect(walk(redacted)).toBeNull();
    const changed = chain();
    changed[1] = { ...changed[1]!, details: '{"note":"forged"}' };
    expect(walk(changed)).toEqual({ seq: 2, reason: 'content_changed' });
  });
});
