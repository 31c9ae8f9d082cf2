/**
 * Vitest global setup for the integration tests: they run the backend from its TypeScript source, and it
 * serves the end-user pages from out/main/userPages (routes/user/pages.ts), so build them first, exactly
 * as npm run build does.
 */
import { resolve } from 'node:path';
import { build } from 'vite';

export async function setup(): Promise<void> {
  await build({ configFile: resolve(import.meta.dirname, '../../vite.userPages.config.ts') });
}
