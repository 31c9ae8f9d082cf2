/**
 * The console in the agent's language (issue 13 §8): chosen in Settings, kept by main's settings store
 * across a reload, every text of the screens moved to the catalogues in German, dates written the German
 * way, and the German screens through the accessibility gate too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  await harness.checkScreen('account search');
});
afterAll(() => harness?.close());

const savedLanguage = () => JSON.parse(readFileSync(path.join(harness.dataDir, 'settings.json'), 'utf8')).language;

describe("the console's language", () => {
  it('follows the computer until chosen, then switches at once to German and stays so after a reload', async () => {
    const { page } = harness;
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('settings-link').click();
    await page.getByTestId('settings-language').waitFor();
    expect(await page.getByTestId('language-system').isChecked()).toBe(true);

    await page.getByTestId('language-de').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allInnerTexts()).toEqual([
      'Konten',
      'Eskalationen',
      'Audit',
      'Einstellungen',
    ]);
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Backend', 'Benachrichtigungen', 'Sprache']);
    expect(savedLanguage()).toBe('de');
    await harness.checkScreen('Einstellungen');

    await page.reload();
    await page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByTestId('language-de').isChecked()).toBe(true);
  });

  it('shows the account search and an account in German, with dates the German way', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+K');
    await page.getByText('Login, Name oder @Domain eingeben').waitFor();
    await page.getByTestId('search-input').fill('example');
    await page.getByTestId('search-result').first().click();
    await page.getByTestId('account-view').waitFor();
    await page.getByRole('heading', { name: 'Multi-Faktor-Authentifizierung' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Verlauf' }).count()).toBe(1);
    // "Konto angelegt 16.04.2026, 14:05": day before month, dots, the 24-hour clock (English: "Apr 16, 2026, 2:05 PM").
    expect(await page.locator('.panel__meta').innerText()).toMatch(/Konto angelegt \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    await harness.checkScreen('Konto');
  });

  it('writes numbers the German way: the audit log check counts its events with a dot for thousands', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Audit' }).first().click();
    await page.getByTestId('audit-report').waitFor();
    await harness.checkScreen('Bericht');
    await page.getByTestId('audit-tab-log').click();
    expect(await page.getByTestId('audit-tab-log').innerText()).toBe('Audit-Log');
    await page.getByRole('button', { name: 'Audit-Log prüfen' }).click();
    const result = page.getByTestId('audit-verify-result');
    // The demo organisation's history has thousands of events: "Unversehrt: 4.321 Ereignisse geprüft, …".
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Unversehrt: \d{1,3}(\.\d{3})+ Ereignisse geprüft/);
    await harness.checkScreen('Audit-Log');
  });

  it('goes back to following the computer', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+,');
    await page.getByTestId('language-system').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(savedLanguage()).toBeNull();
    await page.getByRole('heading', { name: 'Language' }).waitFor();
  });
});
