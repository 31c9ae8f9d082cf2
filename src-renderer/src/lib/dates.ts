/** Dates as the agent reads them: in their own locale, with "3 minutes ago" beside the exact time. */
import { ref, type Ref } from 'vue';

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const absoluteLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : absolute.format(ms);
}

/** The full date, for a tooltip. */
export function formatDateTimeLong(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : absoluteLong.format(ms);
}

/** "in 5 minutes", "2 days ago", "now". */
export function formatRelative(iso: string, nowMs: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
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
