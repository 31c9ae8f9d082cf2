/**
 * The console against the generated organisation of a million accounts (bench/generateOrganisation.ts):
 * the real backend on that database, the built console in Chromium through the same harness as the
 * end-to-end tests, signed in as an admin through the sign-in form. Prints how long each view takes
 * to show its data and saves screenshots to bench/results/. Needs `npm run build` first.
 *   npx tsx bench/consoleAtScale.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import { generateSync } from 'otplib';
import { buildApp } from '../src-server/app.js';
import { appDeps } from '../src-server/appDeps.js';
import { loadConfig } from '../src-server/config.js';
import { createAgent } from '../src-server/domain/agents/signIn.js';
import { systemClock } from '../src-server/domain/platform/clock.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { openStore } from '../src-server/store/openStore.js';
import { startConsole } from '../test/e2e/harness.js';
import { generateOrganisation } from './generateOrganisation.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const dataDir = `bench/results/org-${count}`;
if (!existsSync(`${dataDir}/mfa-desk.sqlite`)) await generateOrganisation(dataDir, count, (line) => console.log(`  ${line}`));
const config = loadConfig({ data: dataDir }, {});
const store = await openStore(config);
const box = createSecretBox(config.encryptionKey);
const email = `console-bench-${Date.now()}@desk.example`;
const password = 'console bench password';
const { totpSecret } = await createAgent(store.db, box, { email, displayName: 'Console bench', role: 'admin', password }, new Date());
const app = await buildApp(appDeps({ config, store, box, clock: systemClock }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const harness = await startConsole({ remoteUrl: url });
const { page } = harness;
mkdirSync('bench/results', { recursive: true });

async function timed(name: string, act: () => Promise<unknown>) {
  const started = performance.now();
  await act();
  console.log(`${name.padEnd(40)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
}

try {
  await page.getByTestId('signin-form').waitFor({ timeout: 60_000 });
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-code').fill(generateSync({ secret: totpSecret }));
  console.log(`\nThe console over ${count} accounts:`);
  await timed('sign in', async () => {
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signed-in-agent').waitFor();
  });
  await timed('search "anna" → results', async () => {
    await page.getByTestId('search-input').fill('anna');
    await page.getByTestId('search-result').first().waitFor();
  });
  await timed('open the first result', async () => {
    await page.getByTestId('search-result').first().click();
    await page.getByTestId('mfa-state').waitFor();
  });
  await timed('Audit → report with charts', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('report-total-accounts').waitFor({ timeout: 60_000 });
    await page.getByTestId('chart-coverage-series').locator('canvas').waitFor();
  });
  await page.waitForTimeout(1500); // let Chart.js finish its entry animation before the picture
  await page.screenshot({ path: 'bench/results/console-report-1m.png', fullPage: true });
  console.log(
    `  headline: ${await page.getByTestId('report-total-accounts').textContent()} accounts, coverage ${await page.getByTestId('report-coverage').textContent()}`,
  );
} finally {
  await harness.close();
  await app.close();
  await store.close();
}
