/**
 * The console's audit log table with 100,000 rows loaded: the built console in Chromium (the e2e
 * harness) against the million-event log of bench/auditAtScale.ts, scrolled to the end again and
 * again until 100,000 rows are loaded. Prints how long each page of 500 took to arrive and render,
 * how long a scroll takes to paint at the end, and how many rows the DOM holds.
 *   npm run build && npx tsx bench/auditAtScale.ts && npx tsx bench/auditTableAtScale.ts
 */
import { existsSync } from 'node:fs';
import { generateSync } from 'otplib';
import { buildApp } from '../src-server/app.js';
import { appDeps } from '../src-server/appDeps.js';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { systemClock } from '../src-server/domain/platform/clock.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { openStore } from '../src-server/store/openStore.js';
import { startConsole } from '../test/e2e/harness.js';

const dataDir = `bench/results/audit-${Number(process.env['BENCH_AUDIT_EVENTS'] ?? 1_000_000)}`;
const target = Number(process.env['BENCH_TABLE_ROWS'] ?? 100_000);
if (!existsSync(`${dataDir}/mfa-desk.sqlite`)) throw new Error(`Run npx tsx bench/auditAtScale.ts first (it makes ${dataDir}).`);
const config = loadConfig({ data: dataDir }, {});
const store = await openStore(config);
const box = createSecretBox(config.encryptionKey);
const email = `bench-table-${Date.now()}@desk.example`;
const password = 'benchmark password';
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Bench', role: 'auditor', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const harness = await startConsole({ remoteUrl: await app.listen({ host: '127.0.0.1', port: 0 }) });
const { page } = harness;
const loaded = async () => Number(await page.getByTestId('audit-log-table').getAttribute('aria-rowcount')) - 1;

try {
  await page.getByTestId('signin-form').waitFor({ timeout: 60_000 });
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-code').fill(generateSync({ secret: totpSecret }));
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-tab-log').click();
  await page.getByTestId('audit-row').first().waitFor();
  const scroller = page.getByTestId('audit-log-table').locator('.log__scroller');
  const pageTimes: number[] = [];
  while ((await loaded()) < target) {
    const before = await loaded();
    const started = performance.now();
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    // Polled from here: the page's CSP rightly refuses the string evaluation waitForFunction would need.
    while ((await loaded()) <= before) await new Promise((r) => setTimeout(r, 5));
    pageTimes.push(performance.now() - started);
  }
  // One scroll step at the end of 100,000 rows, measured in the page from scroll to the next painted frame.
  const paint = await scroller.evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        const frame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
        const t = performance.now();
        el.scrollBy({ top: -2000 });
        frame(() => frame(() => resolve(performance.now() - t)));
      }),
  );
  const sorted = [...pageTimes].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
  console.log(`\nAudit log table, ${await loaded()} rows loaded in ${pageTimes.length} pages:`);
  console.log(`  a page of 500 arriving and rendered: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, last ${pageTimes.at(-1)!.toFixed(0)} ms`);
  console.log(`  a scroll at the end painted in ${paint.toFixed(0)} ms; rows in the DOM: ${await page.getByTestId('audit-row').count()}`);
} finally {
  await harness.close();
  await app.close();
  await store.close();
}
