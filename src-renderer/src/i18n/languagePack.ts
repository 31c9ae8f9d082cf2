/**
 * Everything one language brings to the console: its message catalogue and the component library's
 * texts and date names. Each language is its own chunk (languages/), loaded only when it is shown.
 */
import type { NDateLocale, NLocale } from 'naive-ui';
import { withoutPlaceholders } from '../theme/libraryLocale';
import type { CoreMessages } from './messages/en';

export interface LanguagePack {
  messages: CoreMessages;
  /** naive-ui's own texts (placeholders blanked) and date names, for NConfigProvider. */
  library: { locale: NLocale; dateLocale: NDateLocale };
}

export function languagePack(messages: CoreMessages, locale: NLocale, dateLocale: NDateLocale): LanguagePack {
  return { messages, library: { locale: withoutPlaceholders(locale), dateLocale } };
}
