/**
 * Settings → Support mailboxes with the embedded backend (issue 14): the admin enters a mailbox on a test
 * Dovecot (over TLS, its certificate trusted through the CA file); main keeps it and restarts the backend,
 * and the status turns "Refused" for a wrong password, then "Connected" once the password is right. The
 * password never reaches the page, and a message in the mailbox is read and moved by the restarted backend.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type TestDovecot } from '../support/dovecot.js';
import { startConsole, type ConsoleHarness } from './harness.js';

const WAIT = { timeout: 60_000 };
let harness: ConsoleHarness;
let dovecot: TestDovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
  harness = await startConsole();
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  await harness.checkScreen('account search');
});
afterAll(async () => {
  await harness?.close();
  await dovecot?.stop();
});

async function saveMailbox(url: string) {
  const { page } = harness;
  await page.getByTestId('mailboxes-urls').fill(url);
  await page.getByTestId('mailboxes-ca').fill(dovecot.caFile);
  await page.getByTestId('mailboxes-save').click();
  await page.getByTestId('mailboxes-saved').waitFor(WAIT);
}

describe('the support mailbox entered in Settings', () => {
  it('restarts the built-in backend reading it, and shows its status in words', async () => {
    const { page } = harness;
    await page.getByTestId('settings-link').click();
    await page.getByTestId('settings-mailboxes').waitFor();
    expect(await page.getByTestId('mailboxes-storage').textContent()).toContain('only your user may read');

    // A check in words, before anything is saved or restarted.
    await page.getByTestId('mailboxes-urls').fill('https://imap.example.com');
    await page.getByTestId('mailboxes-save').click();
    await page.locator('#mailboxes-urls-problem').filter({ hasText: 'starts with imaps://' }).waitFor();

    await saveMailbox(dovecot.url({ password: 'not-the-password-e2e' }));
    const status = page.getByTestId('mailbox-status');
    await expect.poll(() => status.getAttribute('data-state'), WAIT).toBe('auth_failed');
    expect(await status.textContent()).toContain('Refused: wrong user name or password');
    await harness.checkScreen('settings with a refused mailbox');

    // The page shows the URL without its password; the right one is entered again.
    expect(await page.getByTestId('mailboxes-urls').inputValue()).toBe(`imaps://support@127.0.0.1:${dovecot.port}/INBOX`);
    await saveMailbox(dovecot.url());
    await expect.poll(() => status.getAttribute('data-state'), WAIT).toBe('connected');
    expect(await status.textContent()).toContain('Connected');
    await harness.checkScreen('settings with a connected mailbox');
    expect(await page.content()).not.toContain(dovecot.password);

    // Kept by main, the password only in its 0600 file, which the restarted backend reads as its settings.
    const kept = JSON.parse(readFileSync(path.join(harness.dataDir, 'mailboxes.json'), 'utf8'));
    expect(kept.mailboxes).toEqual([{ url: `imaps://support@127.0.0.1:${dovecot.port}/INBOX`, password: dovecot.password }]);
    await dovecot.append(Buffer.from('From: someone@elsewhere.example\r\nSubject: hello desk\r\n\r\nPlease help.\r\n'));
    await expect.poll(async () => (await dovecot.list('MFA Desk/Processed')).length, WAIT).toBe(1);
  });
});
