/**
 * A new phone, end to end with two browser contexts: the agent starts a re-enrolment in the console, the
 * user follows the link from the e-mail that reached a real SMTP receiver, and the console's ticket moves
 * to "enrolled" by itself (the long-poll watch), never reloaded. The clock check reads a phone 90 s slow.
 */
import path from 'node:path';
import type { AxiosInstance } from 'axios';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, USER_PASSWORD, type TestUser } from '../support/users.js';
import { SCREENSHOTS, startConsole, type ConsoleHarness, signInThroughForm } from './harness.js';

type Agent = Awaited<ReturnType<TestBackend['createAgent']>>;

let smtp: SmtpReceiver;
let backend: TestBackend;
let harness: ConsoleHarness;
let adminHttp: AxiosInstance;
let agent: Agent;
let user: TestUser;
let userContext: BrowserContext | null = null;
/** Whether the backend serves the user pages under /account; if not, the user's side goes through the API. */
let userPagesServed = false;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
  adminHttp = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.createAgent('agent');
  user = await createUser(backend, adminHttp, 'nina.newphone@corp.example');
  userPagesServed = (await backend.http.get('/account/enrol')).status === 200;
  harness = await startConsole({ remoteUrl: backend.url });
});
afterAll(async () => {
  await userContext?.close();
  await harness?.close();
  await backend?.close();
  await smtp?.close();
});

const signIn = (who: { email: string; password: string; totpSecret: string }) => signInThroughForm(harness, backend, who);

/** The whole console page: the window grows to the content for the picture (the panes scroll inside). */
async function shootConsole(name: string) {
  const { page } = harness;
  const height = await page.evaluate<number>(
    `Math.max(...[...document.querySelectorAll('.accounts__detail, .accounts__finder')].map((e) => e.scrollHeight)) + 60`,
  );
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(820, height), 4000) });
  await harness.screenshot(name);
  await page.setViewportSize({ width: 1280, height: 820 });
}

const shootUser = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

// The status in words on screen; its code rides in data-status for the test.
const ticketStatus = () => harness.page.getByTestId('ticket-status').getAttribute('data-status');
const waitForStatus = (status: string) => expect.poll(ticketStatus, { timeout: 15_000 }).toBe(status);

/** The token of the newest re-enrolment link e-mailed to `login`. */
async function linkToken(login: string, nth: number): Promise<string> {
  const mails = () => smtp.messages.filter((m) => m.to?.[0]?.address === login && m.subject === 'Set up MFA on your new phone');
  await expect.poll(() => mails().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(nth);
  const link = /\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mails()[nth - 1]!.text ?? '');
  expect(link).not.toBeNull();
  return link![1]!;
}

/** The user's side in a second browser context, on the backend's own pages. */
async function enrolOnUserPages(token: string) {
  userContext = await harness.browser.newContext({ viewport: { width: 1000, height: 820 } });
  const page = await userContext.newPage();
  page.on('pageerror', (error) => console.error('user page error:', error.message));
  await page.goto(`${backend.url}/account/enrol#ticket=${token}`);
  await page.getByRole('heading', { name: 'Set up MFA on your new phone' }).waitFor();
  await waitForStatus('link_opened');
  await page.getByLabel('E-mail').fill(user.login);
  await page.getByLabel('Password').fill(USER_PASSWORD);
  await shootUser(page, 'newphone-user-sign-in');
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitForStatus('signed_in');
  await page.getByRole('button', { name: 'Set up MFA', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Set up multi-factor authentication' });
  await dialog.getByRole('heading', { name: 'Install the Google Authenticator app on your smartphone.' }).waitFor();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('heading', { name: "Make sure that your smartphone's time is set to automatic." }).waitFor();
  await dialog.getByRole('button', { name: 'Next' }).click();
  const qr = dialog.getByRole('img', { name: 'QR code to scan with Google Authenticator' });
  await qr.waitFor();
  await waitForStatus('qr_shown');
  const secret = secretFromOtpauth(readQrDataUrl((await qr.getAttribute('src'))!));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'newphone-user-qr.png') });
  await shootConsole('newphone-console-qr-shown');
  backend.clock.nextStep();
  await dialog.getByRole('textbox', { name: 'MFA code' }).fill(backend.codeFor(secret));
  await dialog.getByRole('button', { name: 'Turn on MFA' }).click();
  await dialog.getByRole('heading', { name: 'MFA is on', exact: true }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'newphone-user-done.png') });
  return secret;
}

/** The user's side through the end-user HTTP API (what the pages call), while the pages are not served. */
async function enrolThroughApi(token: string) {
  expect((await backend.http.post('/v1/enrollment-tickets/open', { token })).status).toBe(200);
  await waitForStatus('link_opened');
  const session = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
  expect(session.status).toBe(200);
  await waitForStatus('signed_in');
  const bearer = { authorization: `Bearer ${session.data.enrolToken}` };
  const qr = await backend.http.post('/v1/enrollment-tickets/enrollment', {}, { headers: bearer });
  expect(qr.status).toBe(201);
  await waitForStatus('qr_shown');
  await shootConsole('newphone-console-qr-shown');
  const secret = secretFromOtpauth(readQrDataUrl(qr.data.qrCodeDataUrl));
  backend.clock.nextStep();
  const confirmed = await backend.http.post(
    '/v1/enrollment-tickets/enrollment/confirm',
    { code: backend.codeFor(secret) },
    { headers: bearer },
  );
  expect(confirmed.status).toBe(200);
  return secret;
}

describe('new phone: guided re-enrolment, followed live', () => {
  it('starts from the console, follows every step of the user without a reload, and ends enrolled', async () => {
    const { page } = harness;
    await signIn(agent);
    await page.getByTestId('search-input').fill(user.login);
    await page.getByTestId('search-result').filter({ hasText: user.login }).first().click();
    await page.getByTestId('account-view').filter({ hasText: user.login }).waitFor();
    await page.getByTestId('new-phone-button').click();
    await page.getByTestId('new-phone-panel').waitFor();
    // The script opens with the question that may make a reset unnecessary.
    expect(await page.locator('[data-testid="script-line"][aria-current="step"]').getAttribute('data-step')).toBe('old-phone');
    expect(await page.locator('[data-testid="script-line"][data-step="old-phone"]').textContent()).toContain('Change Phone');
    await shootConsole('newphone-console-script');

    await page.getByTestId('reset-start').click();
    await page.getByText('Type the support ticket this belongs to.').waitFor();
    await page.getByTestId('reset-reason').fill('New phone, old one traded in');
    await page.getByTestId('reset-ticket').fill('T-8001');
    await page.getByTestId('reset-start').click();
    await waitForStatus('email_sent');
    await page.evaluate('window.__sameDocument = true');
    expect(await page.locator('[data-testid="ticket-step"][data-step="email_sent"]').getAttribute('data-done')).toBe('true');
    expect(await page.locator('[data-testid="ticket-step"][data-step="link_opened"]').getAttribute('data-done')).toBe('false');
    expect(await page.locator('[data-testid="script-line"][aria-current="step"]').getAttribute('data-step')).toBe('link_opened');
    await shootConsole('newphone-console-started');

    // "My codes don't work": the user's phone is 90 s slow.
    await page.getByTestId('clock-code').fill(backend.codeFor(user.secret!, -90));
    await page.getByTestId('clock-check-submit').click();
    await expect.poll(() => page.getByTestId('clock-result').textContent(), { timeout: 10_000 }).toContain('behind');
    expect(await page.getByTestId('clock-result').textContent()).toContain('1 min 30 s behind');
    await shootConsole('newphone-console-clock');

    const token = await linkToken(user.login, 1);
    if (userPagesServed) await enrolOnUserPages(token);
    else await enrolThroughApi(token);

    await waitForStatus('enrolled');
    expect(await page.evaluate('window.__sameDocument')).toBe(true); // no reload: the watch loop brought every change
    for (const step of await page.getByTestId('ticket-step').all()) {
      expect(await step.getAttribute('data-done'), (await step.getAttribute('data-step'))!).toBe('true');
      expect(await step.locator('time').count()).toBe(1);
    }
    expect(await page.locator('[data-testid="script-line"][aria-current="step"]').getAttribute('data-step')).toBe('done');
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('On');
    await page.getByTestId('outbox-row').filter({ hasText: 'MFA is set up on your new phone' }).waitFor();
    await shootConsole('newphone-console-enrolled');
  });

  it('by e-mail with the old phone stopped at once: resend gives a new link, cancel ends it', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Start a new re-enrolment…' }).click();
    await page.getByTestId('reset-channel-email').click();
    await page.getByTestId('reset-reason').fill('Phone stolen');
    await page.getByTestId('reset-ticket').fill('T-8002');
    await page.getByTestId('reset-revoke-old').click();
    await page.getByTestId('reset-start').click();
    await waitForStatus('email_sent');
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Off');
    expect(await page.getByTestId('reset-email-message').textContent()).toContain(user.login);
    await shootConsole('newphone-console-email');

    await page.getByTestId('reset-resend').click();
    await page.getByText('e-mail 2').waitFor();
    await linkToken(user.login, 3);
    await page.getByTestId('reset-cancel').click();
    await waitForStatus('cancelled');
    expect(await page.getByTestId('reset-resend').count()).toBe(0);
  });
});
