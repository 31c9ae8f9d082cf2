/**
 * The end user's pages under /account (src-user-pages): TypeScript compiled to small ES modules beside
 * the bundled server, in out/main/userPages, where routes/user/pages.ts serves them. One file per source
 * module under its own name (account.js, enrol.js, api.js, …), since the HTML names its script and the
 * server serves a fixed list of files; the HTML and CSS are copied as they are (static/). Run by
 * electron-vite's main build (electron.vite.config.ts) and by the integration tests' setup.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const source = resolve(import.meta.dirname, 'src-user-pages');

export default defineConfig({
  root: source,
  publicDir: resolve(source, 'static'),
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'out/main/userPages'),
    emptyOutDir: true,
    target: 'es2022',
    // The pages load their modules with plain imports; no preload helper, nothing inline (the CSP is script-src 'self').
    modulePreload: false,
    minify: false,
    rollupOptions: {
      input: { account: resolve(source, 'account.ts'), enrol: resolve(source, 'enrol.ts') },
      preserveEntrySignatures: 'strict',
      output: { format: 'es', preserveModules: true, entryFileNames: '[name].js' },
    },
  },
});
