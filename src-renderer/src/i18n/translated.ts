/** Label tables (state → words) whose words come from the catalogue, in the language shown now. */
import { recordOf } from '../../../src-shared/narrowing';
import { t } from './index';

/**
 * A record of `keys` whose values are read from the catalogue each time they are used, so a label
 * rendered in a template follows a switch of language like any `t()` call there.
 */
export function translated<K extends string>(keys: readonly K[], messageKey: (key: K) => string): Readonly<Record<K, string>> {
  // Each entry starts as its message key, then becomes a getter reading that key's words.
  const record = recordOf(keys, messageKey);
  for (const key of keys) Object.defineProperty(record, key, { enumerable: true, get: () => t(messageKey(key)) });
  return record;
}
