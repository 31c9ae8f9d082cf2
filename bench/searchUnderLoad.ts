/**
 * Nothing waits behind anything else (#11 §2): exact-login searches over HTTP, alone and while 32
 * clients run worst-case searches (one letter, a common substring) as fast as they are answered.
 * Target: exact-login p99 ≤ 20 ms under that load.
 */
import type { AxiosInstance } from 'axios';
import { quantile, timings } from './timing.js';

const CLIENTS = 32;

const exactLoginTimes = (http: AxiosInstance, count: number, samples: number) =>
  timings((i) => http.get('/admin/v1/accounts', { params: { q: `anna.schmidt.${(i * 330) % count}@northwind.example` } }), samples);

export async function measureSearchUnderLoad(http: AxiosInstance, count: number, samples: number): Promise<void> {
  const alone = await exactLoginTimes(http, count, samples);
  let running = true;
  let loadRequests = 0;
  const worst = ['a', 'e', 'chmidt', 'n', 'ossi'];
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = c; running; i++) {
      await http.get('/admin/v1/accounts', { params: { q: worst[i % worst.length] } });
      loadRequests++;
    }
  });
  // A second of the load first, so that the figures are of a warm server: the database pool opens its
  // connections (a new PostgreSQL backend warms its caches on its first statements) in that second.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const warm = loadRequests;
  const started = Date.now();
  const loaded = await exactLoginTimes(http, count, samples);
  const seconds = (Date.now() - started) / 1000;
  running = false;
  await Promise.all(clients);
  console.log(`\nExact login while ${CLIENTS} clients run worst-case searches (HTTP, ${samples} samples):`);
  console.log(`  alone        p50 ${quantile(alone, 0.5).padStart(7)} p99 ${quantile(alone, 0.99).padStart(7)} ms`);
  console.log(
    `  under load   p50 ${quantile(loaded, 0.5).padStart(7)} p99 ${quantile(loaded, 0.99).padStart(7)} ms   (target p99 ≤ 20 ms; ${((loadRequests - warm) / seconds).toFixed(0)} worst-case searches/s served meanwhile)`,
  );
}
