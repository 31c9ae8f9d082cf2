/**
 * The specifics a failed disable-request check may carry in `params`, by name, for the console to word
 * it in its language. Kept apart from the contract (api.ts) so the console's first screen does not load
 * TypeBox for it.
 */
import type { DisableCheckCode } from './api.js';

export const CHECK_PARAMS: Partial<Record<DisableCheckCode, readonly string[]>> = {
  addressed_to_support: ['recipients', 'support'],
};
