/**
 * naive-ui's dark theme carries the dark styles of every component, so it is loaded only where the
 * system asks for dark, and stays out of the starting bundle everywhere else.
 */
import { shallowRef } from 'vue';
import type { GlobalTheme } from 'naive-ui';

export const darkTheme = shallowRef<GlobalTheme | null>(null);

export async function loadDarkTheme(): Promise<void> {
  darkTheme.value ??= (await import('naive-ui/es/themes/dark')).darkTheme;
}
