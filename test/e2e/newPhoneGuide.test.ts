/**
 * The New phone guide at 1024×640: the script beside the timeline and its actions, the timeline in view
 * while the agent scrolls through the script, no transfer step when MFA is off, a clock result that goes
 * when the user moves on, and steps and history in words (no raw codes or ISO dates).
 */
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../support/accessibility.js';
import { startBackend, type TestBackend } from '../support/backend.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, type TestUser } from '../support/users.js';
import { signInThroughForm, startConsole, type ConsoleHarness } from './harness.js';

let smtp: SmtpReceiver;
let backend: TestBackend;
let harness: ConsoleHarness;
let withMfa: TestUser;
let withoutMfa: TestUser;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
  const admin: AxiosInstance = await backend.agentHttp(await backend.createAgent('admin'));
  const agent = await backend.createAgent('agent');
  withMfa = await createUser(backend, admin, 'guide.on@corp.example');
  withoutMfa = await createUser(backend, admin, 'guide.off@corp.example', { mfa: false });
  harness = await startConsole({ remoteUrl: backend.url });
  await harness.page.setViewportSize({ width: 1024, height: 640 });
  await signInThroughForm(harness, backend, agent);
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await smtp?.close();
});

async function openGuide(login: string) {
  const { page } = harness;
  await page.getByTestId('search-input').fill(login);
  await page.getByTestId('search-result').filter({ hasText: login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
  await page.getByTestId('new-phone-button').click();
  await page.getByTestId('new-phone-panel').waitFor();
  await harness.checkScreen(`new phone for ${login}`);
}

/** Whether the element's box lies inside the 640 px high window (at least its top 40 px). */
async function inView(testId: string) {
  const box = await harness.page.getByTestId(testId).boundingBox();
  return box !== null && box.y >= 52 && box.y + 40 <= 640;
}

const rawCode = /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\.[a-z_.]+\b|\d{4}-\d{2}-\d{2}T\d{2}:/;

describe('the New phone guide at 1024×640', () => {
  it('skips the transfer step when MFA is off', async () => {
    await openGuide(withoutMfa.login);
    const steps = await harness.page.getByTestId('script-line').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-step')));
    expect(steps).not.toContain('old-phone');
    expect(await harness.page.locator('[data-testid="script-line"][aria-current="step"]').getAttribute('data-step')).toBe('email_sent');
  });

  it('keeps the timeline beside the script and in view while the agent scrolls, its status in words', async () => {
    const { page } = harness;
    await openGuide(withMfa.login);
    expect(await page.locator('[data-testid="script-line"]').first().getAttribute('data-step')).toBe('old-phone');
    await page.getByTestId('reset-reason').fill('New phone');
    await page.getByTestId('reset-ticket').fill('T-5100');
    await page.getByTestId('reset-start').click();
    const status = page.getByTestId('ticket-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('email_sent');
    expect(await status.textContent()).toBe('Waiting for the user to open the link');
    // Script and timeline side by side.
    const script = await page.locator('.phone__guide').boundingBox();
    const side = await page.getByTestId('new-phone-side').boundingBox();
    expect(side!.x).toBeGreaterThanOrEqual(script!.x + script!.width);
    expect(await inView('ticket-status')).toBe(true);
    // Down to the script's last line: the timeline stays.
    await page.locator('[data-testid="script-line"][data-step="done"]').scrollIntoViewIfNeeded();
    expect(await page.locator('.accounts__detail').evaluate((pane) => pane.scrollTop)).toBeGreaterThan(0);
    expect(await inView('ticket-status')).toBe(true);
    expect(await page.getByTestId('new-phone-side').textContent()).not.toMatch(rawCode);
    expect(await accessibilityViolations(page, '[data-testid="new-phone-panel"]')).toEqual([]);
  });

  it('clears the clock result when the user moves on to the next step', async () => {
    const { page } = harness;
    await page.getByTestId('clock-code').fill(backend.codeFor(withMfa.secret!, -90));
    await page.getByTestId('clock-check-submit').click();
    await expect.poll(() => page.getByTestId('clock-result').textContent(), { timeout: 10_000 }).toContain('behind');

    const mails = () => smtp.messages.filter((m) => m.to?.[0]?.address === withMfa.login && m.subject === 'Set up MFA on your new phone');
    await expect.poll(() => mails().length, { timeout: 10_000 }).toBe(1);
    const token = /\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mails()[0]!.text ?? '')![1]!;
    await backend.http.post('/v1/enrollment-tickets/open', { token });
    await expect.poll(() => page.getByTestId('ticket-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('link_opened');
    expect(await page.getByTestId('clock-result').count()).toBe(0);
  });

  it('words every step of the history: no raw action codes, no ISO dates', async () => {
    const { page } = harness;
    await page.getByTestId('new-phone-panel').getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('event-row').first().waitFor();
    for (const row of await page.getByTestId('event-row').all()) expect(await row.textContent()).not.toMatch(rawCode);
  });
});
