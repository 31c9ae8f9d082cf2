/**
 * Stands in for `@juggle/resize-observer` (electron.vite.config.ts aliases it here): vueuc, under
 * naive-ui, bundles that polyfill but uses it only where the browser has no ResizeObserver, and
 * Chromium has one. Dropping it keeps 4 KB gzip out of the console's first screen.
 */
export const ResizeObserver = globalThis.ResizeObserver;
