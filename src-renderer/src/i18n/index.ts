/**
 * The console's languages (issue 13 §8): every text from a message catalogue, English and German, and
 * dates and numbers formatted for the agent's language. The agent chooses in Settings (main keeps the
 * choice); until then the console follows the computer's language. Only the language shown is loaded
 * (issue 11 §7: the first screen's bundle); another is loaded when chosen, before the switch applies.
 */
import { shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import { CONSOLE_LANGUAGES, type ConsoleLanguage } from '../../../src-shared/consoleLanguages';
import type { LanguagePack } from './languagePack';
import type { CoreMessages, Messages } from './messages/en';
import type { AccountAreaMessages } from './messages/enAccountArea';
import type { AuditAreaMessages } from './messages/enAuditArea';

export type { ConsoleLanguage };

export const i18n = createI18n<[Messages], ConsoleLanguage, false>({
  // Composition mode; the option goes with vue-i18n 12, where this mode is the only one.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- still required in vue-i18n 11, whose default is legacy mode
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  // No messages yet: applyLanguage adds each language's as it is first shown.
  // Our texts are plain text: Vue escapes them; no catalogue holds HTML.
  warnHtmlMessage: true,
});

/** Each language's chunk, imported on first use. */
const PACKS: Record<ConsoleLanguage, () => Promise<LanguagePack>> = {
  en: () => import('./languages/en').then((m) => m.pack),
  de: () => import('./languages/de').then((m) => m.pack),
};

/** The areas whose texts come in a chunk of their own, loaded with the area (its loader waits for them). */
export type TextArea = 'account' | 'audit';
type AreaMessages = AccountAreaMessages | AuditAreaMessages;
const AREAS: Record<TextArea, Record<ConsoleLanguage, () => Promise<AreaMessages>>> = {
  account: {
    en: () => import('./messages/enAccountArea').then((m) => m.enAccountArea),
    de: () => import('./messages/deAccountArea').then((m) => m.deAccountArea),
  },
  audit: {
    en: () => import('./messages/enAuditArea').then((m) => m.enAuditArea),
    de: () => import('./messages/deAuditArea').then((m) => m.deAuditArea),
  },
};
/** The areas opened so far: a switch of language loads theirs too before it applies. */
const areasShown = new Set<TextArea>();

/** Imports once per key; a failed import is tried again on the next call. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = load();
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}
const packs = new Map<string, Promise<LanguagePack>>();
const areaTexts = new Map<string, Promise<AreaMessages>>();
/** Which catalogues each language has in vue-i18n already. */
const merged = new Set<string>();

function mergeOnce(language: ConsoleLanguage, part: string, messages: CoreMessages | AreaMessages) {
  if (merged.has(`${language} ${part}`)) return;
  i18n.global.mergeLocaleMessage(language, messages);
  merged.add(`${language} ${part}`);
}

/** The area's texts in the language shown now (and in any language switched to later), before the area shows. */
export async function loadArea(area: TextArea): Promise<void> {
  areasShown.add(area);
  const language = currentLanguage();
  const texts = await once(areaTexts, `${language} ${area}`, AREAS[area][language]);
  mergeOnce(language, area, texts);
}

/** A lazily loaded view or component together with its area's texts, so it never shows a message key. */
export function withTexts<T>(area: TextArea, load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadArea(area)]).then(([loaded]) => loaded);
}

/** naive-ui's texts and date names in the language shown now (null until the first one is loaded). */
export const libraryTexts = shallowRef<LanguagePack['library'] | null>(null);

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

/** Counts the switches asked for: one still loading gives way to any asked for after it. */
let switches = 0;

/**
 * Switches every text, the library's texts and the date and number formats (and with them the page's
 * `lang`, which App keeps equal to currentLanguage()), once the language is loaded: until then the
 * previous language stays, so no message key ever shows. False when the language could not be loaded or
 * a later switch overtook this one; the previous language then stays.
 */
export async function applyLanguage(language: ConsoleLanguage): Promise<boolean> {
  const switchNumber = ++switches;
  const shownAreas = () =>
    Promise.all([...areasShown].map(async (area) => [area, await once(areaTexts, `${language} ${area}`, AREAS[area][language])] as const));
  let pack: LanguagePack;
  let areas: (readonly [TextArea, AreaMessages])[];
  try {
    [pack, areas] = await Promise.all([once(packs, language, PACKS[language]), shownAreas()]);
    // An area opened while this language loaded (its texts came in the old language) is loaded in this one too.
    while (areas.length < areasShown.size) areas = await shownAreas();
  } catch {
    return false;
  }
  if (switchNumber !== switches) return false;
  mergeOnce(language, 'core', pack.messages);
  for (const [area, texts] of areas) mergeOnce(language, area, texts);
  i18n.global.locale.value = language;
  libraryTexts.value = pack.library;
  return true;
}

/** The language the console speaks now. */
export function currentLanguage(): ConsoleLanguage {
  return i18n.global.locale.value;
}

/** Translates outside components (stores, label tables): `t('key', { named })`. */
export const t = i18n.global.t;

/** Whether the catalogue has a text for `key` (the English one stands in for a key German lacks). */
export const te = (key: string): boolean => i18n.global.te(key) || i18n.global.te(key, 'en');
