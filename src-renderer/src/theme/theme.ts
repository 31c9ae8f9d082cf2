/**
 * The console's two themes, in one place: naive-ui's overrides and our own `--desk-*` colours. Every
 * colour here is chosen for WCAG AA on the surfaces it is used on (text ≥ 4.5:1 on the card, the page, the
 * subtle grey and the 13 % tints; text on a filled button ≥ 4.5:1), which the axe gate checks on every screen.
 */
import { computed, watch, watchEffect } from 'vue';
import { useOsTheme, useThemeVars, type GlobalThemeOverrides } from 'naive-ui';
import { darkTheme, loadDarkTheme } from '../lib/darkTheme';

const FONTS = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMono: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
  borderRadius: '6px',
};

/** Light: filled buttons carry white text, so their colours are the dark (700) shades. */
const LIGHT: GlobalThemeOverrides = {
  common: {
    ...FONTS,
    primaryColor: '#1d4ed8',
    primaryColorHover: '#2563eb',
    primaryColorPressed: '#1e40af',
    primaryColorSuppl: '#2563eb',
    infoColor: '#1d4ed8',
    infoColorHover: '#2563eb',
    infoColorPressed: '#1e40af',
    infoColorSuppl: '#2563eb',
    successColor: '#15803d',
    successColorHover: '#166534',
    successColorPressed: '#14532d',
    successColorSuppl: '#166534',
    warningColor: '#b45309',
    warningColorHover: '#92400e',
    warningColorPressed: '#78350f',
    warningColorSuppl: '#92400e',
    errorColor: '#b91c1c',
    errorColorHover: '#991b1b',
    errorColorPressed: '#7f1d1d',
    errorColorSuppl: '#991b1b',
    // naive-ui's muted grey (#767c82) is 4.22:1 on white and 3.79:1 on the subtle grey.
    textColor3: '#5c6370',
    placeholderColor: '#6b7280',
  },
};

/** Dark: filled buttons carry near-black text, so their colours are the light (400) shades. */
const DARK: GlobalThemeOverrides = {
  common: {
    ...FONTS,
    primaryColor: '#60a5fa',
    primaryColorHover: '#93c5fd',
    primaryColorPressed: '#3b82f6',
    primaryColorSuppl: '#93c5fd',
    infoColor: '#60a5fa',
    infoColorHover: '#93c5fd',
    infoColorPressed: '#3b82f6',
    infoColorSuppl: '#93c5fd',
    successColor: '#4ade80',
    successColorHover: '#86efac',
    successColorPressed: '#22c55e',
    successColorSuppl: '#86efac',
    warningColor: '#fbbf24',
    warningColorHover: '#fcd34d',
    warningColorPressed: '#f59e0b',
    warningColorSuppl: '#fcd34d',
    errorColor: '#f87171',
    errorColorHover: '#fca5a5',
    errorColorPressed: '#ef4444',
    errorColorSuppl: '#fca5a5',
    textColor3: 'rgba(255, 255, 255, 0.62)',
    placeholderColor: 'rgba(255, 255, 255, 0.5)',
  },
};

/**
 * The theme the console shows: the operating system's light or dark mode. Dark shows once naive-ui's dark
 * theme has loaded (main.ts loads it before the first paint where the system starts dark; this covers a
 * switch to dark later); should it fail to load, the console stays light.
 */
export function useDeskTheme() {
  const os = useOsTheme();
  watch(
    os,
    (mode) => {
      if (mode === 'dark') void loadDarkTheme().catch(() => undefined);
    },
    { immediate: true },
  );
  const dark = computed(() => os.value === 'dark' && darkTheme.value !== null);
  return {
    dark,
    theme: computed(() => (dark.value ? darkTheme.value : null)),
    overrides: computed(() => (dark.value ? DARK : LIGHT)),
  };
}

/**
 * Sets the `--desk-*` colours on the document root (inside the config provider, where naive-ui's theme
 * variables are known), so that dialogs and popovers, which naive-ui mounts outside the shell, have them too.
 */
export function useDeskColours() {
  const vars = useThemeVars();
  const { dark } = useDeskTheme();
  watchEffect(() => {
    const v = vars.value;
    const d = dark.value;
    const colours: Record<string, string> = {
      '--desk-text': v.textColor1,
      '--desk-muted': v.textColor3,
      '--desk-border': v.dividerColor,
      '--desk-surface': v.cardColor,
      '--desk-body': v.bodyColor,
      '--desk-hover': v.hoverColor,
      '--desk-subtle': d ? 'rgba(255,255,255,0.08)' : '#f1f3f5',
      '--desk-primary': v.primaryColor,
      // Text colours: AA on the card, the subtle grey and their own 13 % tint.
      '--desk-success': d ? '#4ade80' : '#166534',
      '--desk-warning': d ? '#fbbf24' : '#92400e',
      '--desk-error': d ? '#f87171' : '#b91c1c',
      '--desk-info': d ? '#60a5fa' : '#1d4ed8',
      // Opaque tints (mixed into the card, not see-through): text on them keeps its contrast whatever is below.
      '--desk-success-soft': 'color-mix(in srgb, var(--desk-success) 13%, var(--desk-surface))',
      '--desk-warning-soft': 'color-mix(in srgb, var(--desk-warning) 13%, var(--desk-surface))',
      '--desk-error-soft': 'color-mix(in srgb, var(--desk-error) 13%, var(--desk-surface))',
      '--desk-info-soft': 'color-mix(in srgb, var(--desk-info) 13%, var(--desk-surface))',
      '--desk-selected': 'color-mix(in srgb, var(--desk-primary) 12%, var(--desk-surface))',
    };
    const root = document.documentElement;
    for (const [name, value] of Object.entries(colours)) root.style.setProperty(name, value);
    root.style.colorScheme = d ? 'dark' : 'light';
  });
}
