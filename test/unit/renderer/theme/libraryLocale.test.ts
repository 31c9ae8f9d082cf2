import { enUS } from 'naive-ui';
import { describe, expect, it } from 'vitest';
import { pack as dePack } from '../../../../src-renderer/src/i18n/languages/de';
import { pack as enPack } from '../../../../src-renderer/src/i18n/languages/en';
import { withoutPlaceholders } from '../../../../src-renderer/src/theme/libraryLocale';

const LIBRARY_LOCALES = { en: enPack.library, de: dePack.library };

/** Every string in a locale tree, with its path. */
function strings(tree: object, path = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    if (typeof value === 'object' && value !== null) return strings(value, `${path}${key}.`);
    return typeof value === 'string' ? [[`${path}${key}`, value]] : [];
  });
}

describe("the component library's own texts in the console", () => {
  it('has no placeholder left, in English or German: a field without one of ours shows none, never "Please Input"', () => {
    const placeholders = strings(LIBRARY_LOCALES.de.locale)
      .concat(strings(LIBRARY_LOCALES.en.locale))
      .filter(([path]) => /placeholder/i.test(path));
    expect(placeholders.length).toBeGreaterThan(20);
    expect(placeholders.filter(([, text]) => text !== '')).toEqual([]);
    expect(strings(LIBRARY_LOCALES.en.locale).filter(([, text]) => /^Please /.test(text))).toEqual([]);
    expect(strings(LIBRARY_LOCALES.de.locale).filter(([, text]) => /^Bitte /.test(text))).toEqual([]);
  });

  it('keeps every other text of the library as it was', () => {
    const others = (locale: object) => strings(locale).filter(([path]) => !/placeholder/i.test(path));
    expect(others(withoutPlaceholders(enUS))).toEqual(others(enUS));
    expect(LIBRARY_LOCALES.en.locale.Input.placeholder).toBe('');
  });
});
