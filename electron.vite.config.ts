import { resolve } from 'node:path';
import { build } from 'vite';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

/**
 * The end-user pages the backend serves travel beside the bundled server: built by their own Vite config
 * (browser modules, not Node) once main's bundle is written, since electron-vite has no section for them.
 */
const buildUserPages = {
  name: 'build-user-pages',
  async closeBundle() {
    await build({ configFile: resolve('vite.userPages.config.ts') });
  },
};

export default defineConfig({
  main: {
    plugins: [buildUserPages],
    build: {
      outDir: 'out/main',
      // The backend is built beside main so the embedded mode can run it as its own Node process; its
      // mail-check worker is an entry of its own, found beside server.js (messageCheck/workerLaunch.ts).
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          server: resolve('src-server/server.ts'),
          mailCheckWorker: resolve('src-server/domain/disable/messageCheck/mailCheckWorker.ts'),
          // npm start where Electron's binary is missing: the same console in the system's Chromium.
          chromiumShell: resolve('src-main/chromiumShell/main.ts'),
        },
        // The shell drives the system browser with playwright-core from node_modules (npm start is a dev install).
        external: ['playwright-core'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot be an ES module and can only require('electron'): one CommonJS file.
      rollupOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves bundles unminified; the console's page is what the agent waits for at start.
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [vue()],
    // vue-i18n's bundler flags: the Composition API only (no legacy API), no devtools in production.
    define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  },
});
