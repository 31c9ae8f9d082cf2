/**
 * The languages the console speaks. Runtime-free of TypeBox, so the console's first screen can use them
 * without the schema library; consoleApi.ts builds its schemas from them.
 */
/** The first is the fallback for anything a catalogue lacks. */
export const CONSOLE_LANGUAGES = ['en', 'de'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
