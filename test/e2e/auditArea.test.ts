/**
 * The Audit area at 1024×640 on the demo organisation: the log filtered by picking an agent and an
 * account by name (never an id), its columns fitting the width with nothing cut off to the side, each
 * event's evidence in words, and the headline figures wrapping evenly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../support/accessibility.js';
import { startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
  await harness.page.setViewportSize({ width: 1024, height: 640 });
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  // The console opens on the account search: checked like every page it shows.
  await harness.page.waitForURL(/#\/accounts/);
  await harness.checkScreen('account search at 1024 px');
});
afterAll(() => harness?.close());

/** Picks the first option the picker offers for `text`. */
async function pick(testId: string, text: string) {
  const { page } = harness;
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  const option = page.locator('.n-base-select-option').filter({ hasText: text }).first();
  await option.waitFor();
  await option.click();
}

const ISO_OR_JSON = /\d{4}-\d{2}-\d{2}T\d{2}:|[{}"]/;

describe('the Audit area at 1024×640', () => {
  it('lays the six headline figures out three and three', async () => {
    const { page } = harness;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-tab-report').click();
    const cards = page.locator('.figures > .figure');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(6);
    const tops = await cards.evaluateAll((all) => all.map((card) => Math.round(card.getBoundingClientRect().top)));
    expect(new Set(tops.slice(0, 3)).size).toBe(1);
    expect(new Set(tops.slice(3)).size).toBe(1);
    expect(tops[3]).toBeGreaterThan(tops[0]!);
    // The support mailboxes' part: the demo has read no mail, so nothing waits and the chart says it is empty.
    expect(await page.getByTestId('report-intake-received').textContent()).toBe('0');
    expect(await page.getByTestId('report-intake-oldest').textContent()).toBe('None');
    await page.getByTestId('chart-intake-series').waitFor();
    await harness.checkScreen('audit report at 1024 px');
  });

  it('filters the log by an agent and an account picked by name, and fits its columns in the width', async () => {
    const { page } = harness;
    await page.getByTestId('audit-tab-log').click();
    await page.getByTestId('audit-row').first().waitFor({ timeout: 30_000 });
    await harness.checkScreen('audit log at 1024 px');
    const table = await page.getByTestId('audit-log-table').boundingBox();
    const head = page.locator('.log__row--head');
    expect(await head.evaluate((row) => row.scrollWidth <= row.clientWidth)).toBe(true);
    expect(table!.x + table!.width).toBeLessThanOrEqual(1024);

    await pick('audit-filter-actor', 'admin@desk.example');
    await page.getByTestId('audit-filter-apply').click();
    await expect
      .poll(async () => (await page.getByTestId('audit-row').allTextContents()).every((text) => text.includes('admin@desk.example')))
      .toBe(true);
    // The picker shows whom it filters to, never an id.
    expect(await page.getByTestId('audit-filter-actor').textContent()).toContain('admin@desk.example');

    await page.getByRole('button', { name: 'Clear' }).click();
    const firstAccount = (await page.getByTestId('audit-row-account').first().textContent())!.trim();
    await pick('audit-filter-account', firstAccount);
    await page.getByTestId('audit-filter-apply').click();
    await expect
      .poll(async () => (await page.getByTestId('audit-row-account').allTextContents()).every((text) => text.trim() === firstAccount))
      .toBe(true);
    expect(await accessibilityViolations(page, '.filters')).toEqual([]);
  });

  it('shows an event’s evidence in words: no raw JSON, no ISO dates', async () => {
    const { page } = harness;
    await page.getByTestId('audit-row').first().getByRole('button').first().click();
    const detail = page.getByTestId('audit-row-detail');
    await detail.waitFor();
    expect(await detail.textContent()).not.toMatch(ISO_OR_JSON);
  });
});
