/**
 * The account pages' catalogues (issue 13 §8): English and German have the same keys and fill in the
 * same names, and every text the markup shows comes from them — no literal words left in the pages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageLanguageFor } from '../../../src-server/routes/user/pages.js';
import { de, en, MESSAGES } from '../../../src-user-pages/messages.js';

const HTML = ['src-user-pages/static/account.html', 'src-user-pages/static/enrol.html'].map((file) => [file, readFileSync(file, 'utf8')]);
/** The set-up pop-up's markup, as its module writes it. */
const setupMarkup = /const MARKUP = `([\s\S]*?)`;/.exec(readFileSync('src-user-pages/mfaSetup.ts', 'utf8'))?.[1] ?? '';
const MARKUPS = [...HTML, ['src-user-pages/mfaSetup.ts', setupMarkup]] as const;

const namesIn = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the account pages' catalogues", () => {
  it('have the same keys in English and German, none empty, each filling in the same names', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const messages of Object.values(MESSAGES)) expect(Object.entries(messages).filter(([, text]) => !text.trim())).toEqual([]);
    const differing = Object.entries(en).filter(([key, text]) => namesIn(text).join() !== namesIn(de[key as keyof typeof en]).join());
    expect(differing).toEqual([]);
    // Bold runs open and close: an odd number of ** would show the stars.
    const unbalanced = Object.values(MESSAGES).flatMap((m) => Object.entries(m).filter(([, text]) => (text.split('**').length - 1) % 2));
    expect(unbalanced).toEqual([]);
  });

  it('hold every key the markup names', () => {
    expect(setupMarkup).toContain('data-i18n');
    for (const [file, markup] of MARKUPS) {
      const keys = [
        ...[...markup.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!),
        ...[...markup.matchAll(/data-i18n-attrs="([^"]+)"/g)].flatMap((m) => m[1]!.split(';').map((pair) => pair.split('=')[1]!.trim())),
      ];
      expect(keys.length, file).toBeGreaterThan(5);
      expect(
        keys.filter((key) => !Object.hasOwn(en, key)),
        file,
      ).toEqual([]);
    }
  });

  it('leave no word in the markup outside them', () => {
    for (const [file, markup] of MARKUPS) {
      const text = markup
        .replace(/<head>[\s\S]*?<\/head>/, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&\w+;/g, ' ');
      expect(text.match(/\p{L}{2,}/gu) ?? [], file).toEqual([]);
    }
  });

  it('greet a visitor in the first language of their browser the pages speak, else in English', () => {
    expect(pageLanguageFor('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(pageLanguageFor('fr-FR, en;q=0.5, de;q=0.7')).toBe('de');
    expect(pageLanguageFor('en-GB,de;q=0.9')).toBe('en');
    expect(pageLanguageFor('de;q=0, en;q=0.1')).toBe('en');
    expect(pageLanguageFor('fr, it')).toBe('en');
    expect(pageLanguageFor(undefined)).toBe('en');
    expect(pageLanguageFor('')).toBe('en');
  });
});
