/**
 * What Electron's main process tells the page without being asked — an application-menu command, an
 * mfa-desk:// link, an update ready to install — delivered to the built preload exactly as
 * webContents.send would, and shown by the console.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-server/store/openStore.js';
import { startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  await harness.checkScreen('account search');
});
afterAll(() => harness?.close());

describe('events from the main process', () => {
  it('an mfa-desk://accounts/<id> link opens that account', async () => {
    const store = await openStore({ dataDir: path.join(harness.dataDir, 'embedded-backend') });
    const account = await store.db.selectFrom('accounts').select(['id', 'login']).orderBy('loginNorm').executeTakeFirstOrThrow();
    await store.close();
    await harness.pushDeskEvent({ kind: 'openAccount', accountId: account.id });
    await harness.page.getByTestId('account-view').filter({ hasText: account.login }).waitFor();
    expect(new URL(harness.page.url()).hash).toContain(account.id);
  });

  it('a menu command opens the keyboard shortcuts', async () => {
    await harness.pushDeskEvent({ kind: 'command', command: 'showShortcuts' });
    const dialog = harness.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await harness.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('an update ready to install is announced, accessibly', async () => {
    await harness.pushDeskEvent({ kind: 'updateReady', version: '0.2.0' });
    const notice = harness.page.getByTestId('update-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('MFA Desk 0.2.0 is ready to install');
    await harness.screenshot('update-ready');
  });
});
