/**
 * Narrowing helpers: each tells TypeScript what a runtime check has proved, so callers need no cast.
 */

/** A non-null object, its fields still unknown (parsed JSON, IPC arguments, thrown values). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `value` is one of `options` (the members of a constant list such as `DISABLE_VERDICTS`). */
export const isOneOf = <T>(options: readonly T[], value: unknown): value is T => options.some((option) => option === value);

/** JSON text that must hold an object (a JSON column, a line of output): its fields, or none if it holds something else. */
export function parseRecord(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return isRecord(value) ? value : {};
}

/** A record with one entry per key, each value made from its key (`Object.fromEntries` types only `string` keys). */
export function recordOf<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}
