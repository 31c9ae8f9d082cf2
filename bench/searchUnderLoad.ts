/**
 * Nothing waits behind anything else (#11 §2): exact-login searches over HTTP, alone and while 32
 * clients run worst-case searches (one letter, a common substring) as fast as they are answered.
 * Target: exact-login p99 ≤ 20 ms under that load.
 */
import type { AxiosInstance } from 'axios';

const CLIENTS = 32;

async function exactLoginTimes(http: AxiosInstance, count: number, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = process.hrtime.bigint();
    await http.get('/admin/v1/accounts', { params: { q: `anna.schmidt.${(i * 330) % count}@northwind.example` } });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const at = (times: number[], q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);

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
  const started = Date.now();
  const loaded = await exactLoginTimes(http, count, samples);
  const seconds = (Date.now() - started) / 1000;
  running = false;
  await Promise.all(clients);
  console.log(`\nExact login while ${CLIENTS} clients run worst-case searches (HTTP, ${samples} samples):`);
  console.log(`  alone        p50 ${at(alone, 0.5).padStart(7)} p99 ${at(alone, 0.99).padStart(7)} ms`);
  console.log(
    `  under load   p50 ${at(loaded, 0.5).padStart(7)} p99 ${at(loaded, 0.99).padStart(7)} ms   (target p99 ≤ 20 ms; ${(loadRequests / seconds).toFixed(0)} worst-case searches/s served meanwhile)`,
  );
}
