/**
 * Starting one mail-check worker, in each of the three ways the server runs:
 * - from TypeScript source (the integration tests under vitest, `npm run server` through tsx): the
 *   worker is mailCheckWorker.ts beside this file. Node 20 does not carry tsx's loader into worker
 *   threads, so a two-line bootstrap registers tsx inside the worker before importing it.
 * - built by electron-vite (what the console's embedded mode spawns): mailCheckWorker.js is its own
 *   entry of the build, beside server.js, which is where this module is bundled.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerSetup } from './workerProtocol.js';

export function startMailCheckWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./mailCheckWorker.js', import.meta.url), { workerData: setup });
  const script = new URL('./mailCheckWorker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}
