/**
 * Everything one language brings to the console: its message catalogue and the component library's
 * texts and date names. Each language is its own chunk (languages/), loaded only when it is shown.
 */
import type { NDateLocale, NLocale } from 'naive-ui';
import { withoutPlaceholders } from '../theme/libraryLocale';
import type { Messages } from './messages/en';

export interface LanguagePack {
  messages: Messages;
  /** naive-ui's own texts (placeholders blanked) and date names, for NConfigProvider. */
  library: { locale: NLocale; dateLocale: NDateLocale };
}

export function languagePack(messages: Messages, locale: NLocale, dateLocale: NDateLocale): LanguagePack {
  return { messages, library: { locale: withoutPlaceholders(locale), dateLocale } };
}
