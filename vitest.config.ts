import { defineConfig } from 'vitest/config';

// Three projects so CI can run them as separate steps; e2e needs the built renderer (npm run build).
export default defineConfig({
  test: {
    projects: [
      // A busy machine (a benchmark, other suites) can slow a parsing or worker test past vitest's 5 s.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 15_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The backend under test serves the end-user pages; they are built from src-user-pages first.
          globalSetup: ['test/support/buildUserPages.ts'],
          environment: 'node',
          // In the scale-out mode (npm run test:scaleout) each test backend starts three server processes
          // under tsx (some tests start a backend of their own): on a loaded 2-core machine that alone can
          // take a minute.
          testTimeout: process.env['MFA_DESK_TEST_NGINX'] === '1' ? 120_000 : 30_000,
          hookTimeout: process.env['MFA_DESK_TEST_NGINX'] === '1' ? 240_000 : 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
