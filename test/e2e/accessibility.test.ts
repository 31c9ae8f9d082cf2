/**
 * Every screen of the console, in the light and in the dark theme, through axe-core (issue 13 §7): the
 * sign-in form, the account search with and without results, an account, each support tool and its
 * outcomes, the escalation queue and its decision dialog, the Incoming queue, every page of the Audit
 * area, Settings, the keyboard shortcuts. Findings are gathered over the whole walk and listed at the
 * end, so one run names every screen that fails; none may remain. Also: no component-library placeholder
 * text on any of them.
 */
import type { AxiosInstance } from 'axios';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend.js';
import { startMailDesk } from '../support/mailDesk.js';
import type { MailLab } from '../support/mailFactory.js';
import type { SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, type TestUser } from '../support/users.js';
import { startConsole, type ConsoleHarness, signInThroughForm } from './harness.js';

/** naive-ui's own English placeholders, shown when a component is left without one of ours. */
const LIBRARY_PLACEHOLDERS = ['Please Input', 'Please Select', 'Select Date', 'Select Time', 'No Data'];

let lab: MailLab;
let smtp: SmtpReceiver;
let backend: TestBackend;
let harness: ConsoleHarness;
let adminHttp: AxiosInstance;
let admin: Awaited<ReturnType<TestBackend['createAgent']>>;
let approver: Awaited<ReturnType<TestBackend['createAgent']>>;
let user: TestUser;
let verified: TestUser;
const findings: string[] = [];
const screens: string[] = [];

beforeAll(async () => {
  ({ lab, smtp, backend } = await startMailDesk());
  admin = await backend.createAgent('admin');
  approver = await backend.createAgent('admin');
  adminHttp = await backend.agentHttp(admin);
  user = await createUser(backend, adminHttp, 'olaf.walk@corp.example');
  verified = await createUser(backend, adminHttp, 'anna.walk@corp.example');
  harness = await startConsole({ remoteUrl: backend.url });
  await harness.page.setViewportSize({ width: 1024, height: 640 });
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await smtp?.close();
  await lab?.close();
});

/** The gate on this screen in both themes; a failure is noted and the walk goes on. */
async function visit(name: string) {
  screens.push(name);
  const { page } = harness;
  try {
    await harness.checkScreen(name);
  } catch (error) {
    findings.push((error as Error).message);
  }
  const placeholders = await page.locator('[placeholder]').evaluateAll((fields) => fields.map((f) => f.getAttribute('placeholder')));
  const text = [await page.locator('body').innerText(), ...placeholders].join('\n');
  for (const placeholder of LIBRARY_PLACEHOLDERS) if (text.includes(placeholder)) findings.push(`"${placeholder}" on "${name}"`);
  // One level-one heading names each page (a dialog open over it keeps the page's).
  const headings = await page.locator('h1').count();
  if (headings !== 1) findings.push(`${headings} level-one headings on "${name}"`);
}

async function openAccount(page: Page, login: string) {
  await page.keyboard.press('Control+K');
  await page.getByTestId('search-input').fill(login);
  await page.getByTestId('search-result').filter({ hasText: login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
}

async function dropMessage(page: Page, raw: Buffer) {
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(raw.toString('base64'))}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'request.eml', { type: 'message/rfc822' }));
    return data;
  })()`);
  await page.getByTestId('eml-drop').dispatchEvent('drop', { dataTransfer });
}

describe('every console screen, in both themes', () => {
  it('signing in, the account search, an account', async () => {
    const { page } = harness;
    await page.getByTestId('signin-form').waitFor({ timeout: 60_000 });
    await visit('sign-in');
    await signInThroughForm(harness, backend, admin);
    await visit('account search, empty');
    await page.getByTestId('search-input').fill('walk');
    await page.getByTestId('search-result').nth(1).waitFor();
    await page.keyboard.press('ArrowDown');
    await visit('account search, results');
    await page.getByTestId('search-input').fill('nobody-here@nowhere.example');
    await page.getByText(/No account matches/).waitFor();
    await visit('account search, no match');
    await openAccount(page, user.login);
    await visit('account');
    await page.keyboard.press('Control+/');
    await page.getByTestId('shortcuts-dialog').waitFor();
    await visit('keyboard shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'hidden' });
  });

  it('the disable request, its verdict and the escalation form', async () => {
    const { page } = harness;
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();
    await visit('disable request');
    const spoof = await lab.sign(lab.message({ from: 'Olaf <\u043elaf.walk@corp.example>' }), 'corp.example');
    await dropMessage(page, spoof);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toMatch(/^Look-alike/);
    await visit('disable request, look-alike verdict');
    await page.getByTestId('escalate-button').click();
    await page.getByTestId('escalation-justification').waitFor();
    await visit('escalation form');
    await page.getByTestId('escalation-justification').fill('User called back on the number on file.');
    await page.getByTestId('escalation-reason').fill('Lost phone');
    await page.getByTestId('escalation-ticket').fill('T-1');
    await page.getByTestId('escalation-submit').click();
    await page.getByTestId('escalation-done').waitFor();
    await visit('escalation sent');
  });

  it('a verified request, the disable dialog and its outcome', async () => {
    const { page } = harness;
    await openAccount(page, verified.login);
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();
    await dropMessage(
      page,
      await lab.sign(lab.message({ from: `Anna <${verified.login}>`, subject: 'Please disable MFA' }), 'corp.example'),
    );
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toMatch(/^Verified/);
    await visit('disable request, verified');
    await page.getByTestId('disable-button').click();
    await page.getByTestId('disable-reason').waitFor();
    await visit('disable dialog');
    await page.getByTestId('disable-reason').fill('Lost phone, verified request by e-mail');
    await page.getByTestId('disable-ticket').fill('T-2');
    await page.getByTestId('disable-confirm').click();
    await page.getByTestId('disable-done').waitFor();
    await visit('disable done');
  });

  it('the new phone tool', async () => {
    const { page } = harness;
    await page.getByTestId('new-phone-button').click();
    await page.getByTestId('new-phone-panel').waitFor();
    await visit('new phone');
  });

  it('the escalation queue and its decision dialog', async () => {
    const { page } = harness;
    // Another admin decides: nobody approves their own escalation.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughForm(harness, backend, approver);
    await page.getByTestId('escalations-link').click();
    await page.getByTestId('escalation-row').first().waitFor();
    await visit('escalations');
    await page.getByTestId('escalation-approve').first().click();
    await page.getByRole('dialog').getByTestId('decision-verdict').waitFor();
    await visit('escalation decision');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('the Incoming queue, empty and under each filter', async () => {
    const { page } = harness;
    await page.getByTestId('incoming-link').click();
    await page.getByTestId('incoming-summary').filter({ hasText: 'Nothing waiting' }).waitFor();
    await visit('incoming');
    await page.getByTestId('incoming-filter-set_aside').click();
    await page.getByText('Nothing set aside').waitFor();
    await visit('incoming, set aside');
  });

  it('every page of the Audit area', async () => {
    const { page } = harness;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-report').waitFor();
    await page.locator('[data-testid^="chart-"] canvas').first().waitFor();
    await visit('audit report');
    await page.getByTestId('audit-tab-log').click();
    await page.getByTestId('audit-row').first().waitFor();
    await visit('audit log');
    await page.getByTestId('audit-row').first().click();
    await visit('audit log, event open');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').waitFor();
    await visit('audit log, verified');
    await page.getByTestId('audit-tab-alerts').click();
    await page.getByTestId('alerts-panel').waitFor();
    await visit('audit alerts');
    await page.getByTestId('audit-tab-agents').click();
    await page.getByTestId('agents-table').waitFor();
    await visit('audit agents');
    await page.getByTestId('agent-disable').first().click();
    await page.getByTestId('reason-dialog').waitFor();
    await visit('agent disable dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('reason-dialog').waitFor({ state: 'hidden' });
    await page.getByTestId('audit-tab-subject-access').click();
    await page.getByTestId('subject-search').waitFor();
    await visit('personal data export');
  });

  it('Settings, and the backend when it cannot be reached', async () => {
    const { page } = harness;
    await page.getByTestId('settings-link').click();
    await page.getByTestId('settings-save').waitFor();
    await visit('settings');
    await page.getByTestId('settings-remote').click();
    await page.getByTestId('settings-url').fill('http://');
    await page.getByTestId('settings-save').click();
    await visit('settings, address wrong');
    await page.getByTestId('settings-url').fill('http://127.0.0.1:9');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-outcome').waitFor();
    await visit('settings, backend not answering');
    await page.getByRole('link', { name: /^Back( to accounts)?$/ }).click();
    await page.getByTestId('signin-form').waitFor();
    await visit('sign-in, backend not answering');
  });

  it('has no accessibility finding on any of them', () => {
    expect(screens.length).toBeGreaterThan(20);
    expect(findings).toEqual([]);
  });
});
