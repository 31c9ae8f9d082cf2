/**
 * A failed e-mail sent again from the console: a notice the user's mail server refused until delivery
 * gave up shows "Failed: not sent" in the account's e-mails; once the mailbox works, the agent presses
 * "Send again" and the same e-mail (same Message-ID) reaches the real SMTP receiver, and the row shows
 * "Sent". An auditor sees the failure but no button.
 */
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSmtpMailer,
  deliverPendingNotifications,
  MAX_ATTEMPTS,
  queueNotification,
  retryDelaySeconds,
} from '../../src-server/domain/mail/notifications.js';
import { accessibilityViolations } from '../support/accessibility.js';
import { startBackend, type TestBackend } from '../support/backend.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, type TestUser } from '../support/users.js';
import { startConsole, type ConsoleHarness, signInThroughForm } from './harness.js';

let smtp: SmtpReceiver;
let backend: TestBackend;
let harness: ConsoleHarness;
let adminHttp: AxiosInstance;
let user: TestUser;
let messageId: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver(0, { refuse: 'Mailbox unavailable: no such user here' });
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
  adminHttp = await backend.agentHttp(await backend.createAgent('admin'));
  user = await createUser(backend, adminHttp, 'rita.retry@corp.example', { mfa: false });
  // A notice to the user that the mail server refused on every attempt until delivery gave up.
  const mailer = createSmtpMailer(smtp.url, 'desk@corp.example', backend.box);
  const mail = await queueNotification(
    backend.store.db,
    { accountId: user.id, to: user.login, subject: 'MFA was turned off on your account', body: 'Hello Rita' },
    backend.clock.now(),
  );
  messageId = mail.messageId;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await deliverPendingNotifications(backend.store.db, mailer, () => backend.clock.now());
    if (attempt < MAX_ATTEMPTS) backend.clock.advance(retryDelaySeconds(attempt));
  }
  // The mailbox is fixed: the same server address accepts from now on.
  const port = Number(new URL(smtp.url).port);
  await smtp.close();
  smtp = await startSmtpReceiver(port);
  harness = await startConsole({ remoteUrl: backend.url });
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await smtp?.close();
});

async function openAccountEmails(subject: string) {
  const { page } = harness;
  await page.getByTestId('search-input').fill(user.login);
  await page.getByTestId('search-result').filter({ hasText: user.login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: user.login }).waitFor();
  const row = page.getByTestId('outbox-row').filter({ hasText: subject });
  await row.getByTestId('outbox-status').filter({ hasText: 'Failed: not sent' }).waitFor();
  await row.locator('summary').click();
  await row.getByTestId('outbox-failed').waitFor();
  return row;
}

describe('a failed e-mail, sent again from the console', () => {
  it('is sent again by an agent with the same Message-ID, and shows as sent', async () => {
    const { page } = harness;
    await signInThroughForm(harness, backend, await backend.createAgent('agent'));
    const row = await openAccountEmails('MFA was turned off on your account');
    expect(await accessibilityViolations(page, '.outbox')).toEqual([]);
    await harness.screenshot('outbox-failed-send-again');

    await row.getByTestId('outbox-retry').click();
    // "Sent", capitalised: Playwright's hasText would also match "Failed: not sent".
    await expect.poll(async () => (await row.getByTestId('outbox-status').textContent())?.trim(), { timeout: 15_000 }).toMatch(/Sent$/);
    await expect.poll(() => smtp.messages.length).toBe(1);
    expect(smtp.messages[0]?.messageId).toBe(messageId);
    expect(smtp.messages[0]?.to?.[0]?.address).toBe(user.login);
    expect(await row.getByTestId('outbox-retry').count()).toBe(0);
    expect(await row.getByTestId('outbox-failed').count()).toBe(0);
    expect(await accessibilityViolations(page, '.outbox')).toEqual([]);
  });

  it('shows an auditor the failure without the button', async () => {
    const other = await queueNotification(
      backend.store.db,
      { accountId: user.id, to: user.login, subject: 'MFA was reset on your account', body: 'Hello again' },
      backend.clock.now(),
    );
    await backend.store.db
      .updateTable('outbox')
      .set({ attempts: MAX_ATTEMPTS, failedAt: backend.clock.now().toISOString(), error: '550 Mailbox unavailable' })
      .where('id', '=', other.id)
      .execute();
    const { page } = harness;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughForm(harness, backend, await backend.createAgent('auditor'));
    const row = await openAccountEmails('MFA was reset on your account');
    expect(await row.getByTestId('outbox-retry').count()).toBe(0);
  });
});
