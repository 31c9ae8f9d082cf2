/** Attributes for the native <input> inside a Naive UI field: ids, ARIA and the test hooks. */
import type { InputHTMLAttributes } from 'vue';

/**
 * Naive UI types `input-props` as InputHTMLAttributes, which has no `data-*` keys; this lets the
 * label's `for`, ARIA wiring and `data-testid` land on the element tests and screen readers use.
 */
export function inputAttrs(attrs: Record<string, string | number | boolean | undefined>): InputHTMLAttributes {
  return attrs;
}
