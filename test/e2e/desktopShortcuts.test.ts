/**
 * The console's keyboard shortcuts in the page itself — what the Chromium shell has, and what the
 * Electron menu's accelerators send as the same commands: Ctrl+/ lists them, Ctrl+, opens Settings,
 * Ctrl+K goes back to the account search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  await harness.checkScreen('account search');
});
afterAll(() => harness?.close());

describe('the keyboard shortcuts', () => {
  it('Ctrl+/ lists every shortcut in an accessible dialog that Escape closes', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+/');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByTestId('shortcuts-dialog').waitFor();
    expect(await dialog.getByRole('heading', { name: 'Keyboard shortcuts', level: 2 }).count()).toBe(1);
    const rows = await dialog.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'Ctrl+K Find an account',
      'Ctrl+, Settings',
      'Ctrl+/ Keyboard shortcuts',
      '↓ or ↑ Move through the search results',
      'Enter Open the highlighted account',
      'Esc Clear the search, or close a dialog',
    ]);
    await harness.screenshot('keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('Ctrl+, opens Settings from the account search, and Ctrl+K comes back with the search box focused', async () => {
    const { page } = harness;
    await page.getByTestId('search-input').waitFor();
    await page.keyboard.press('Control+,');
    await page.getByTestId('settings-save').waitFor();
    expect(new URL(page.url()).hash).toBe('#/settings');
    await harness.checkScreen('settings');
    await page.keyboard.press('Control+K');
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('search-input');
    expect(new URL(page.url()).hash).toBe('#/accounts');
  });

  it('Ctrl+K closes the shortcuts list on its way to the search', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+/');
    await page.getByTestId('shortcuts-dialog').waitFor();
    await page.keyboard.press('Control+K');
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('search-input');
  });
});
