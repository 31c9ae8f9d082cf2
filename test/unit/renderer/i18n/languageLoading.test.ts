import { describe, expect, it } from 'vitest';
import { applyLanguage, currentLanguage, i18n, libraryTexts, loadArea, t } from '../../../../src-renderer/src/i18n';

describe("loading the console's languages", () => {
  it('loads only the language shown: its catalogue and the library texts switch together', async () => {
    const loaded = () => i18n.global.availableLocales.filter((l) => Object.keys(i18n.global.getLocaleMessage(l)).length > 0);
    expect(loaded()).toEqual([]);
    expect(libraryTexts.value).toBeNull();

    expect(await applyLanguage('de')).toBe(true);
    expect(loaded()).toEqual(['de']);
    expect(currentLanguage()).toBe('de');
    expect(t('common.close')).toBe('Schließen');
    expect(libraryTexts.value?.locale.name).toBe('de-DE');
    expect(libraryTexts.value?.dateLocale.name).toBe('de-DE');
    expect(libraryTexts.value?.locale.Input.placeholder).toBe('');
  });

  it('keeps showing the previous language while the next one loads, so no message key ever shows', async () => {
    const switching = applyLanguage('en');
    expect(t('common.close')).toBe('Schließen');

    expect(await switching).toBe(true);
    expect(t('common.close')).toBe('Close');
    expect(libraryTexts.value?.locale.name).toBe('en-US');
  });

  it('ends in the language asked for last when switches overtake one another', async () => {
    const results = await Promise.all([applyLanguage('de'), applyLanguage('en'), applyLanguage('de')]);
    expect(results).toEqual([false, false, true]);
    expect(currentLanguage()).toBe('de');
    expect(t('common.close')).toBe('Schließen');
    expect(libraryTexts.value?.locale.name).toBe('de-DE');
  });

  it('loads an area opened while a switch is under way in the language switched to, too', async () => {
    expect(await applyLanguage('en')).toBe(true);
    const switching = applyLanguage('de');
    // The account panel opens before German has arrived: its texts come in English first. (Whether the
    // switch ends before or after they do is a race between two module loads, so what is checked is
    // that the English ones are there, not which language shows at that moment.)
    await loadArea('account');
    expect(i18n.global.te('signIns.title', 'en')).toBe(true);
    expect(await switching).toBe(true);
    expect(t('signIns.title')).toBe('Anmeldeversuche');
  });
});
