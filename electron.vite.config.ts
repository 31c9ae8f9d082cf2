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
      // Which chunks each module brings: bench/rendererBundle.ts sums the first screen from it.
      manifest: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [vue()],
    resolve: { alias: { '@juggle/resize-observer': resolve('src-renderer/src/lib/nativeResizeObserver.ts') } },
    define: {
      // Every component is <script setup> or a setup() function, naive-ui's too: Vue's Options API
      // (data, methods, lifecycle options) is left out.
      __VUE_OPTIONS_API__: false,
      // vue-i18n: the Composition API only (no legacy API), no <i18n-t> components or v-t directive (the
      // console calls t()), no devtools in production.
      __VUE_I18N_FULL_INSTALL__: false,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
  },
});
