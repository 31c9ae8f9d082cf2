/**
 * naive-ui's own texts (its locale), with every placeholder blanked: a field the console leaves without
 * a placeholder shows none, never the library's "Please Input" or "Please Select". The console's own
 * placeholders are examples of what to type, written beside the field's label.
 */
import { isRecord } from '../../../src-shared/narrowing';

/** A copy of `locale` in which every key naming a placeholder holds the empty string. */
export function withoutPlaceholders<T extends object>(locale: T): T {
  const copy = (tree: object): Record<string, unknown> => {
    const entries: [string, unknown][] = Object.entries(tree);
    return Object.fromEntries(
      entries.map(([key, value]) => {
        if (isRecord(value)) return [key, copy(value)];
        return [key, /placeholder/i.test(key) && typeof value === 'string' ? '' : value];
      }),
    );
  };
  // The copy has the locale's shape: only strings are replaced, by strings.
  return copy(locale) as T;
}
