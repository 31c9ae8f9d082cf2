/**
 * The console's languages (issue 13 §8): every text from a message catalogue, English and German, and
 * dates and numbers formatted for the agent's language. The agent chooses in Settings (main keeps the
 * choice); until then the console follows the computer's language.
 */
import { createI18n } from 'vue-i18n';
import { CONSOLE_LANGUAGES, type ConsoleLanguage } from '../../../src-shared/consoleApi';
import { de } from './messages/de';
import { en, type Messages } from './messages/en';

export type { ConsoleLanguage };

export const MESSAGES: Record<ConsoleLanguage, Messages> = { en, de };

export const i18n = createI18n<[Messages], ConsoleLanguage, false>({
  // Composition mode; the option goes with vue-i18n 12, where this mode is the only one.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- still required in vue-i18n 11, whose default is legacy mode
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: MESSAGES,
  // Our texts are plain text: Vue escapes them; no catalogue holds HTML.
  warnHtmlMessage: true,
});

/** The console's language when the agent has not chosen one: the computer's first one we speak. */
export function systemLanguage(preferred: readonly string[] = 'navigator' in globalThis ? navigator.languages : []): ConsoleLanguage {
  for (const tag of preferred) {
    const language = CONSOLE_LANGUAGES.find((l) => tag.toLowerCase().split('-')[0] === l);
    if (language) return language;
  }
  return 'en';
}

/**
 * The locale dates and numbers are written in: the computer's own variant of the console's language
 * (en-GB stays en-GB), or the language itself.
 */
export function formattingLocale(
  language: ConsoleLanguage,
  preferred: readonly string[] = 'navigator' in globalThis ? navigator.languages : [],
): string {
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

/** Switches every text, the page's `lang` and the date and number formats. */
export function applyLanguage(language: ConsoleLanguage): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}

/** The language the console speaks now. */
export function currentLanguage(): ConsoleLanguage {
  return i18n.global.locale.value;
}

/** Translates outside components (stores, label tables): `t('key', { named })`. */
export const t = i18n.global.t;
