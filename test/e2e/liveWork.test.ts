/**
 * Live work instead of Refresh buttons: main watches the backend and pushes what changes to the page
 * through the preload's event channel. A new escalation shows in the Escalations tab's count and as a
 * desktop notification (none once the setting is off); the agent's own re-enrolment appears in the
 * header with its step moving as the user goes; a backend that goes away is said at once, with Retry
 * and the way to Settings. The page is never reloaded.
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
let backendClosed = false;
let harness: ConsoleHarness;
let adminHttp: AxiosInstance;
let agentHttp: AxiosInstance;
let users: TestUser[];

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
  const admin = await backend.createAgent('admin');
  adminHttp = await backend.agentHttp(admin);
  agentHttp = await backend.agentHttp(await backend.createAgent('agent'));
  users = [];
  for (const login of ['live.one@corp.example', 'live.two@corp.example', 'live.three@corp.example'])
    users.push(await createUser(backend, adminHttp, login));
  // Main looks every half second here (5 s in the app), so the test waits little.
  harness = await startConsole({ remoteUrl: backend.url, liveWorkIntervalMs: 500 });
  await harness.page.setViewportSize({ width: 1024, height: 640 });
  await signInThroughForm(harness, backend, admin);
  await harness.page.evaluate('window.__sameDocument = true');
});
afterAll(async () => {
  await harness?.close();
  if (!backendClosed) await backend?.close();
  await smtp?.close();
});

/** An agent escalates a disable request that nothing authenticates (a typed sender address). */
async function escalate(user: TestUser) {
  const request = await agentHttp.post(`/admin/v1/accounts/${user.id}/disable-requests`, { senderAddress: user.login });
  const escalation = await agentHttp.post(`/admin/v1/accounts/${user.id}/mfa/disable-escalations`, {
    requestId: request.data.id,
    justification: 'Checked the user on a video call',
    reason: 'Lost phone',
    ticketRef: 'T-900',
  });
  expect(escalation.status).toBe(201);
}

const count = () => harness.page.getByTestId('escalations-count').textContent();

/** Violations inside `selector` (the whole screen is checked by the harness too). */
async function violationsIn(selector: string) {
  return accessibilityViolations(harness.page, selector);
}

describe('live work, pushed by main', () => {
  it('counts a new escalation in the Escalations tab and raises a desktop notification, without a reload', async () => {
    const { page } = harness;
    expect(await page.getByTestId('escalations-count').count()).toBe(0);
    await escalate(users[0]!);
    await expect.poll(count, { timeout: 10_000 }).toBe('1');
    await expect.poll(() => harness.notices.length).toBe(1);
    expect(harness.notices[0]).toEqual({
      title: 'New escalation',
      body: `A disable request for ${users[0]!.login} waits for your decision.`,
    });
    expect(await violationsIn('header')).toEqual([]);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('raises no notification once the agent turned them off in Settings; the count still moves', async () => {
    const { page } = harness;
    await page.getByTestId('settings-link').click();
    const toggle = page.getByTestId('settings-notifications');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await escalate(users[1]!);
    await expect.poll(count, { timeout: 10_000 }).toBe('2');
    expect(harness.notices).toHaveLength(1);
    expect(await violationsIn('[aria-labelledby="notifications-title"]')).toEqual([]);
    await harness.checkScreen('settings with notifications off');
  });

  it('lists the agent’s own open re-enrolments from anywhere, with the step moving as the user goes', async () => {
    const { page } = harness;
    const started = await adminHttp.post(
      `/admin/v1/accounts/${users[2]!.id}/mfa/reset`,
      { channel: 'email', reason: 'New phone', ticketRef: 'T-901', revokeOldNow: false },
      { headers: { 'idempotency-key': `live-${Date.now()}` } },
    );
    expect(started.status).toBe(201);
    await expect.poll(() => page.getByTestId('my-resets-count').textContent(), { timeout: 10_000 }).toBe('1');
    await page.getByTestId('my-resets-toggle').click();
    const step = page.getByTestId('my-reset').filter({ hasText: users[2]!.login }).getByTestId('my-reset-step');
    // The link e-mail goes out just after the ticket is started: the step moves on by itself.
    await expect.poll(() => step.textContent(), { timeout: 10_000 }).toBe('Waiting for the user to open the link');
    expect(await accessibilityViolations(page, '#my-resets-list')).toEqual([]);

    const mails = () => smtp.messages.filter((m) => m.to?.[0]?.address === users[2]!.login && m.subject === 'Set up MFA on your new phone');
    await expect.poll(() => mails().length, { timeout: 10_000 }).toBe(1);
    const token = /\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mails()[0]!.text ?? '')![1]!;
    await backend.http.post('/v1/enrollment-tickets/open', { token });
    await expect.poll(() => step.textContent(), { timeout: 10_000 }).toBe('Link opened, waiting for sign-in');

    await page.getByTestId('my-reset').filter({ hasText: users[2]!.login }).getByRole('link').click();
    await page.getByTestId('account-view').filter({ hasText: users[2]!.login }).waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await harness.checkScreen('account opened from my re-enrolments');
  });

  it('says at once when the backend is lost, with Retry and a link to Settings', async () => {
    const { page } = harness;
    await backend.close();
    backendClosed = true;
    const bar = page.getByTestId('connection-lost');
    await bar.waitFor({ timeout: 10_000 });
    expect(await bar.textContent()).toContain('No connection to the backend');
    expect(await bar.getByRole('link', { name: 'Settings' }).count()).toBe(1);
    await page.getByTestId('connection-retry').click();
    await bar.waitFor();
    expect(await accessibilityViolations(page, '[data-testid="connection-lost"]')).toEqual([]);
  });
});

describe('a backend unreachable from the start', () => {
  it('is said at once above the sign-in form, with Retry and a link to Settings', async () => {
    // A loopback port nothing listens on (the backend closed above had one).
    const unreachable = await startConsole({ remoteUrl: backend.url, liveWorkIntervalMs: 500 });
    try {
      const bar = unreachable.page.getByTestId('connection-lost');
      await bar.waitFor({ timeout: 20_000 });
      expect(await bar.textContent()).toContain('cannot be reached');
      await unreachable.checkScreen('backend unreachable at start');
      await unreachable.page.getByRole('link', { name: 'Settings' }).first().click();
      await unreachable.page.getByTestId('settings-current').waitFor();
      await unreachable.checkScreen('settings with the backend unreachable');
    } finally {
      await unreachable.close();
    }
  });
});
