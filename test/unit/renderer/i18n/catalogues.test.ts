import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { de as deCore } from '../../../../src-renderer/src/i18n/messages/de';
import { deAccountArea } from '../../../../src-renderer/src/i18n/messages/deAccountArea';
import { deAuditArea } from '../../../../src-renderer/src/i18n/messages/deAuditArea';
import { en as enCore } from '../../../../src-renderer/src/i18n/messages/en';
import { enAccountArea } from '../../../../src-renderer/src/i18n/messages/enAccountArea';
import { enAuditArea } from '../../../../src-renderer/src/i18n/messages/enAuditArea';

/** A language's whole catalogue: the first one and the areas', as the console merges them. */
const whole = <C extends { audit: object; newPhone: object }, P extends { newPhone: object }, A extends { audit: object }>(
  core: C,
  account: P,
  audit: A,
) => ({
  ...core,
  ...account,
  ...audit,
  newPhone: { ...core.newPhone, ...account.newPhone },
  audit: { ...core.audit, ...audit.audit },
});
const en = whole(enCore, enAccountArea, enAuditArea);
const de = whole(deCore, deAccountArea, deAuditArea);

/** Every message in a catalogue, by its dotted key. */
function messages(tree: object, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'object' && value !== null) for (const [k, v] of messages(value, `${path}${key}.`)) found.set(k, v);
    else found.set(`${path}${key}`, value as string);
  }
  return found;
}

/** The named parts a message fills in: {name}, {n}; literals such as {'@'} are not names. */
const namesIn = (message: string) => [...message.matchAll(/\{\s*([a-zA-Z]\w*)\s*\}/g)].map((m) => m[1]).sort();

const english = messages(en);
const german = messages(de);

describe("the console's message catalogues", () => {
  it('the first catalogue and the areas share no key, so none hides another', () => {
    for (const parts of [
      [enCore, enAccountArea, enAuditArea],
      [deCore, deAccountArea, deAuditArea],
    ] as const) {
      const keys = parts.flatMap((part) => [...messages(part).keys()]);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    }
  });

  it('English and German have exactly the same keys, and no message is empty', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    expect([...english, ...german].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('each German message fills in the same names as its English one', () => {
    const differing = [...english].filter(([key, text]) => namesIn(text).join() !== namesIn(german.get(key) ?? '').join());
    expect(differing).toEqual([]);
  });

  it('every message compiles and renders in both languages (a bare @ or | would not)', () => {
    const problems: string[] = [];
    const i18n = createI18n({
      legacy: false,
      locale: 'en',
      messages: { en, de },
      missingWarn: false,
      fallbackWarn: false,
    });
    for (const language of ['en', 'de'] as const) {
      i18n.global.locale.value = language;
      for (const [key, text] of language === 'en' ? english : german) {
        const params = Object.fromEntries(namesIn(text).map((name) => [name, `<${name}>`]));
        let rendered = '';
        try {
          rendered = i18n.global.t(key, params, 2);
        } catch (error) {
          problems.push(`${language} ${key}: ${(error as Error).message}`);
          continue;
        }
        // A message that failed to compile comes back as its key; names left in braces were not filled.
        if (rendered === key || /\{\s*\w+\s*\}/.test(rendered)) problems.push(`${language} ${key}: ${rendered}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes a literal @ where the text shows one', () => {
    const i18n = createI18n({ legacy: false, locale: 'de', messages: { en, de } });
    expect(i18n.global.t('accounts.search.example')).toBe('Login, Name oder @Domain');
    expect(i18n.global.t('accounts.search.found', 1)).toBe('1 Konto');
    expect(i18n.global.t('accounts.search.found', 3)).toBe('3 Konten');
  });
});
