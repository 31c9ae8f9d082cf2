/**
 * The verdict that cannot be misread, on the small window (1024×640): a verified request with a warning
 * is amber, its warning is ticked before Disable appears, the verdict and the action sit in view after a
 * drop with the focus on the verdict; passed checks are folded behind a real disclosure button. An admin
 * approving an escalated look-alike sees the marked characters and types the login. axe runs on each screen.
 */
import type { AxiosInstance } from 'axios';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend.js';
import { startMailDesk } from '../support/mailDesk.js';
import { type MailLab } from '../support/mailFactory.js';
import type { SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, type TestUser } from '../support/users.js';
import { startConsole, type ConsoleHarness, signInThroughForm } from './harness.js';

type Agent = Awaited<ReturnType<TestBackend['createAgent']>>;

let lab: MailLab;
let smtp: SmtpReceiver;
let backend: TestBackend;
let harness: ConsoleHarness;
let adminHttp: AxiosInstance;
let agent: Agent;
let approver: Agent;
let warned: TestUser;
let target: TestUser;
let pasted: TestUser;
let droppedOn: TestUser;

beforeAll(async () => {
  ({ lab, smtp, backend } = await startMailDesk());
  adminHttp = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.createAgent('agent');
  approver = await backend.createAgent('admin');
  warned = await createUser(backend, adminHttp, 'wendy.warned@corp.example');
  target = await createUser(backend, adminHttp, 'olaf.target@corp.example');
  pasted = await createUser(backend, adminHttp, 'paula.pasted@corp.example');
  droppedOn = await createUser(backend, adminHttp, 'dora.dropped@corp.example');
  harness = await startConsole({ remoteUrl: backend.url });
  await harness.page.setViewportSize({ width: 1024, height: 640 });
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await smtp?.close();
  await lab?.close();
});

async function openPanel(page: Page, login: string) {
  await page.getByTestId('search-input').fill(login);
  await page.getByTestId('search-result').filter({ hasText: login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
  await page.getByTestId('disable-request-button').click();
  await page.getByTestId('disable-request-panel').waitFor();
}

/** Drops `raw` as an .eml file on the panel's drop zone, as a mail program's drag does. */
async function drop(page: Page, raw: Buffer) {
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(raw.toString('base64'))}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'request.eml', { type: 'message/rfc822' }));
    return data;
  })()`);
  await page.getByTestId('eml-drop').dispatchEvent('drop', { dataTransfer });
}

/** Whether the element lies wholly inside the 1024×640 window, without scrolling. */
async function inView(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).first().boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 640 && box.x >= 0 && box.x + box.width <= 1024;
}

const focusedId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

describe('a verified request with a warning', () => {
  it('is amber, lists its warning under the heading, needs it ticked, and keeps verdict and action in view', async () => {
    const { page } = harness;
    await signInThroughForm(harness, backend, agent);
    await openPanel(page, warned.login);
    const raw = await lab.sign(
      lab.message({ from: `Wendy <${warned.login}>`, replyTo: 'collector@elsewhere.example', subject: 'Please disable MFA' }),
      'corp.example',
    );
    await drop(page, raw);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toBe('Verified, 1 warning');
    expect(await page.getByTestId('verdict-banner').getAttribute('data-tone')).toBe('warning');
    // The warning is inside the banner, directly under its heading.
    const warning = page.getByTestId('verdict-banner').getByTestId('warning-row');
    expect(await warning.count()).toBe(1);
    expect(await warning.textContent()).toContain('collector@elsewhere.example');
    // What the user asked, in their words, below the bar.
    expect(await page.getByTestId('message-body').textContent()).toContain('I lost my phone. Please turn off two-step sign-in');

    // Focus left "Disable request…" for the verdict; verdict and the action's place are on screen.
    await expect.poll(() => focusedId(page)).toBe('verdict-title');
    expect(await inView(page, 'verdict')).toBe(true);
    expect(await inView(page, 'acknowledge-first')).toBe(true);
    expect(await page.getByTestId('disable-button').count()).toBe(0);

    // Passed checks are folded behind a disclosure button; no check failed here.
    const toggle = page.getByTestId('passed-checks-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toMatch(/^\s*\d+ checks passed/);
    expect(await page.locator('[data-testid="check-row"]:visible').count()).toBe(0);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[data-testid="check-row"]:visible').count()).toBeGreaterThan(1);
    await harness.checkScreen('verified with a warning, checks unfolded');

    // The bar stays in view while the checks below scroll.
    await page.locator('.accounts__detail').evaluate((pane) => pane.scrollBy(0, 400));
    expect(await inView(page, 'verdict')).toBe(true);

    await harness.screenshot('disable-verified-warning-1024');
    await page.getByTestId('warning-ack').check();
    await page.getByTestId('disable-button').waitFor();
    expect(await inView(page, 'disable-button')).toBe(true);
    await page.getByTestId('disable-button').click();
    await page.getByTestId('disable-reason').fill('Lost phone, verified request by e-mail');
    await page.getByTestId('disable-ticket').fill('T-8101');
    await page.getByTestId('disable-confirm').click();
    await page.getByTestId('disable-done').waitFor();

    const event = (await adminHttp.get(`/admin/v1/accounts/${warned.id}/events`)).data.items.find(
      (e: { action: string }) => e.action === 'mfa.disabled',
    );
    expect(event.details.acknowledgedWarnings.map((w: { code: string }) => w.code)).toEqual(['reply_to_elsewhere']);
    await smtp.waitFor(warned.login);
  });
});

/** A paste (Ctrl/Cmd+V) outside any field: the event Chromium fires on the page, with the clipboard's text. */
async function pasteOnPage(page: Page, text: string) {
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(text)});
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
}

describe('a message dropped or pasted anywhere in the window', () => {
  it('finds the account from its From address and checks it there, or says that no account has it', async () => {
    const { page } = harness;
    // Another account is open (with MFA off now): the message is for someone else.
    const signed = await lab.sign(lab.message({ from: `Paula <${pasted.login}>`, subject: 'Please disable MFA' }), 'corp.example');
    await pasteOnPage(page, signed.toString('utf8'));
    await page.getByTestId('account-view').filter({ hasText: pasted.login }).waitFor();
    await expect
      .poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 })
      .toBe('Verified: sent from the login address and authenticated');
    await expect.poll(() => focusedId(page)).toBe('verdict-title');
    expect(await inView(page, 'disable-button')).toBe(true);

    // Dropped as a file on the page's header, far from the panel, for another account: that account opens.
    const dropped = await lab.sign(lab.message({ from: `Dora <${droppedOn.login}>`, subject: 'Please disable MFA' }), 'corp.example');
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(dropped.toString('base64'))}), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'request.eml', { type: 'message/rfc822' }));
      return data;
    })()`);
    await page.locator('header').first().dispatchEvent('drop', { dataTransfer });
    await page.getByTestId('account-view').filter({ hasText: droppedOn.login }).waitFor();
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toMatch(/^Verified/);
    await expect.poll(() => focusedId(page)).toBe('verdict-title');

    // Nobody has this login: said so, nothing opened or checked.
    const checksBefore = (await adminHttp.get('/admin/v1/audit', { params: { action: 'mfa.disable_request.checked', limit: 500 } })).data
      .items.length;
    await pasteOnPage(page, lab.message({ from: 'stranger@corp.example' }).toString('utf8'));
    await expect.poll(() => page.getByTestId('incoming-notice').textContent()).toContain('No account has the login stranger@corp.example');
    await harness.checkScreen('a message for no account');
    expect(
      (await adminHttp.get('/admin/v1/audit', { params: { action: 'mfa.disable_request.checked', limit: 500 } })).data.items.length,
    ).toBe(checksBefore);
    expect(await page.getByTestId('account-view').filter({ hasText: droppedOn.login }).count()).toBe(1);
  });

  it('keeps a pasted text that could not be read in the box, to be fixed', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Check another message' }).click();
    const broken = 'Subject: my phone is gone\n\nPlease turn MFA off';
    await page.getByTestId('eml-paste').fill(broken);
    await page.getByTestId('eml-paste-submit').click();
    await page.getByText('The message could not be checked').waitFor();
    expect(await page.getByTestId('eml-paste').inputValue()).toBe(broken);
  });
});

describe('an escalated look-alike', () => {
  it('shows the marked characters in the queue and the dialog, and is approved only with the login typed', async () => {
    const { page } = harness;
    await openPanel(page, target.login);
    // "оlaf" with a Cyrillic о (U+043E), signed by the domain.
    const spoof = await lab.sign(lab.message({ from: 'Olaf <\u043elaf.target@corp.example>' }), 'corp.example');
    await drop(page, spoof);
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toMatch(/^Look-alike/);
    await expect.poll(() => focusedId(page)).toBe('verdict-title');
    // A look-alike fails checks: they come first, unfolded.
    expect(await page.locator('[data-testid="check-row"][data-passed="false"]:visible').count()).toBeGreaterThan(0);
    await page.getByTestId('escalate-button').click();
    await page.getByTestId('escalation-justification').fill('User called back on the number on file; wrote from a private address.');
    await page.getByTestId('escalation-reason').fill('Lost phone');
    await page.getByTestId('escalation-ticket').fill('T-8102');
    await page.getByTestId('escalation-submit').click();
    await page.getByTestId('escalation-done').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughForm(harness, backend, approver);
    await page.getByTestId('escalations-link').click();
    const row = page.getByTestId('escalation-row').filter({ hasText: target.login });
    await row.waitFor();
    expect(await row.getByTestId('sender-address').locator('mark').first().textContent()).toBe('\u043e');
    expect(await row.textContent()).toContain('U+043E');
    expect(await row.getByTestId('escalation-verdict-meaning').textContent()).toContain('Treat this as an attack');
    // The failed checks are listed first; the passed ones wait behind one button, as on the account.
    const rows = row.getByTestId('check-row');
    expect(await rows.first().getAttribute('data-passed')).toBe('false');
    expect(await row.locator('[data-testid="check-row"][data-passed="true"]:visible').count()).toBe(0);
    await row.getByTestId('passed-checks-toggle').click();
    expect(await row.locator('[data-testid="check-row"][data-passed="true"]:visible').count()).toBeGreaterThan(0);
    // The escalation words the checks from the account area's texts, with the facts the server found.
    expect((await row.getByTestId('check-row').allInnerTexts()).join('\n')).toContain(
      'The message is signed with DKIM by corp.example, the sender’s domain or organisation, and the signature verifies.',
    );
    await row.getByTestId('passed-checks-toggle').click();
    await harness.screenshot('escalation-lookalike-1024');
    await harness.checkScreen('escalated look-alike in the queue');

    await row.getByTestId('escalation-approve').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('decision-verdict').waitFor();
    expect(await dialog.getByTestId('decision-verdict').textContent()).toContain('Look-alike address');
    expect(await dialog.getByTestId('sender-address').locator('mark').first().textContent()).toBe('\u043e');
    // Marked in the console's error colour, not white on nothing.
    const markColour = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('[role="dialog"] [data-testid="sender-address"] mark')).backgroundColor`,
    );
    expect(markColour).toBe('rgb(185, 28, 28)');
    expect(await dialog.getByTestId('escalation-note').getAttribute('placeholder')).not.toBe('Please Input');
    expect(await dialog.textContent()).not.toContain('Please Input');
    await harness.checkScreen('approving a look-alike');

    await dialog.getByTestId('escalation-note').fill('Identity confirmed by a video call');
    await dialog.getByTestId('escalation-confirm-login').fill('\u043elaf.target@corp.example'); // the look-alike itself
    await dialog.getByTestId('escalation-decide-confirm').click();
    await dialog.getByText('Type the account’s login exactly').waitFor();
    await harness.screenshot('escalation-approve-lookalike-1024');
    expect((await adminHttp.get(`/admin/v1/accounts/${target.id}`)).data.mfa.state).toBe('on');

    await dialog.getByTestId('escalation-confirm-login').fill(target.login);
    await dialog.getByTestId('escalation-decide-confirm').click();
    await page.locator('[data-testid="escalation-row"][data-status="approved"]').filter({ hasText: target.login }).waitFor();
    expect((await adminHttp.get(`/admin/v1/accounts/${target.id}`)).data.mfa.state).toBe('off');
    await smtp.waitFor(target.login);
  });
});
