/**
 * Dates and numbers as the agent reads them: in the console's language (its variant on this computer),
 * with "3 minutes ago" beside the exact time. Reading the language makes a view showing them re-render
 * when the agent switches it.
 */
import { ref, type Ref } from 'vue';
import { currentLanguage, formattingLocale, type ConsoleLanguage } from '../i18n';

interface Formats {
  absolute: Intl.DateTimeFormat;
  absoluteLong: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
  relative: Intl.RelativeTimeFormat;
  number: Intl.NumberFormat;
}
const cache = new Map<string, Formats>();

/** The formats for the console's language now, or for `language` (built once per language). */
function formats(language: ConsoleLanguage = currentLanguage()): Formats {
  const locale = formattingLocale(language);
  let found = cache.get(locale);
  if (!found) {
    found = {
      absolute: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      absoluteLong: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' }),
      day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
      relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
      number: new Intl.NumberFormat(locale),
    };
    cache.set(locale, found);
  }
  return found;
}

/** A share (0.833) as a percentage in the agent's language: "83.3%" or "83,3 %". */
export function formatPercent(share: number, digits = 1): string {
  const locale = formattingLocale(currentLanguage());
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}

/** A count as the agent's language writes it: 12,345 or 12.345. */
export function formatNumber(value: number): string {
  return formats().number.format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** The date and time in the console's language, or in `language` (a text for the user, in theirs). */
export function formatDateTime(iso: string, language?: ConsoleLanguage): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formats(language).absolute.format(ms);
}

/** A calendar day ("2026-11-30", as reports send days) in the agent's language: "30 Nov 2026", "30.11.2026". */
export function formatDay(day: string): string {
  const ms = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? day : formats().day.format(ms);
}

/** The full date, for a tooltip. */
export function formatDateTimeLong(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formats().absoluteLong.format(ms);
}

/** "in 5 minutes", "2 days ago", "now". */
export function formatRelative(iso: string, nowMs: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const { relative } = formats();
  const seconds = Math.round((ms - nowMs) / 1000);
  if (Math.abs(seconds) < 10) return relative.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

const now = ref(Date.now());
let ticking = false;

/** The current time, refreshed every 20 s, so relative times stay true while a view is open. */
export function useNow(): Ref<number> {
  if (!ticking) {
    ticking = true;
    window.setInterval(() => (now.value = Date.now()), 20_000);
  }
  return now;
}
