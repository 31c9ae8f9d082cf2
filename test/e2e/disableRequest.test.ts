/**
 * Disable requests in the console, against a real backend that resolves DKIM keys from a DNS server on
 * loopback and sends its notices to a real SMTP receiver: a genuine, signed e-mail from the login is
 * verified and disables MFA; a look-alike shows why it failed and can only be escalated; a second person,
 * an admin, approves the escalation in the queue.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
let genuine: TestUser;
let spoofed: TestUser;
const tmp = mkdtempSync(path.join(tmpdir(), 'mfa-desk-eml-'));

beforeAll(async () => {
  ({ lab, smtp, backend } = await startMailDesk());
  adminHttp = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.createAgent('agent');
  approver = await backend.createAgent('admin');
  genuine = await createUser(backend, adminHttp, 'rosa.genuine@corp.example');
  spoofed = await createUser(backend, adminHttp, 'sam.target@corp.example');
  harness = await startConsole({ remoteUrl: backend.url });
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
  await smtp?.close();
  await lab?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const signIn = (who: { email: string; password: string; totpSecret: string }) => signInThroughForm(harness, backend, who);

async function openAccount(page: Page, login: string) {
  await page.getByTestId('search-input').fill(login);
  await page.getByTestId('search-result').filter({ hasText: login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
}

/** The whole console page: the window grows to the content for the picture (the panes scroll inside). */
async function shoot(name: string) {
  const { page } = harness;
  const height = await page.evaluate<number>(
    `Math.max(...[...document.querySelectorAll('.accounts__detail, .accounts__finder, .shell__main')].map((e) => e.scrollHeight)) + 60`,
  );
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(820, height), 4000) });
  await harness.screenshot(name);
  await page.setViewportSize({ width: 1280, height: 820 });
}

const verdictText = (page: Page) => page.getByTestId('verdict').textContent();

describe('an agent checks a disable request and acts on the verdict', () => {
  it('verifies a DKIM-signed e-mail from the login, disables MFA, and the user is e-mailed', async () => {
    const { page } = harness;
    await signIn(agent);
    await openAccount(page, genuine.login);
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('On');
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();
    await shoot('disable-empty');

    const file = path.join(tmp, 'genuine.eml');
    writeFileSync(
      file,
      await lab.sign(lab.message({ from: `Rosa <${genuine.login}>`, subject: 'Please disable MFA, I lost my phone' }), 'corp.example'),
    );
    await page.getByTestId('eml-file-input').setInputFiles(file);
    await expect.poll(() => verdictText(page), { timeout: 15_000 }).toMatch(/^Verified/);
    // DKIM proved it, so the DMARC route shows as not needed rather than as a failure.
    expect(await page.getByTestId('check-row').filter({ hasText: 'Failed' }).count()).toBe(0);
    expect(await page.locator('[data-testid="check-row"][data-code="dmarc_trusted_receiver"]').textContent()).toContain('Not needed');
    const checks = page.getByTestId('check-row');
    expect(await checks.count()).toBeGreaterThan(1);
    // The check named `authenticated` decides; the address must be the login's.
    expect(await page.locator('[data-testid="check-row"][data-code="authenticated"]').getAttribute('data-passed')).toBe('true');
    expect(await page.locator('[data-testid="check-row"][data-code="address_matches_login"]').getAttribute('data-passed')).toBe('true');
    expect(await page.getByTestId('sender-address').textContent()).toBe(genuine.login);
    expect(await page.getByTestId('escalate-button').count()).toBe(0);
    await shoot('disable-verified');

    await page.getByTestId('disable-button').click();
    await page.getByTestId('disable-confirm').click(); // empty form: refused in the dialog, nothing sent
    await page.getByText('Type the support ticket this belongs to.').waitFor();
    await page.getByTestId('disable-reason').fill('Lost phone, request verified by e-mail');
    await page.getByTestId('disable-ticket').fill('T-7001');
    await harness.screenshot('disable-confirm'); // the dialog covers the window: the window is the picture
    await page.getByTestId('disable-confirm').dblclick();

    await page.getByTestId('disable-done').waitFor();
    expect(await page.getByTestId('reply-text').textContent()).toContain('T-7001');
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Off');
    const mail = await smtp.waitFor(genuine.login);
    expect(mail.subject).toBe('MFA was turned off on your account');
    await page.getByTestId('outbox-row').filter({ hasText: 'MFA was turned off on your account' }).waitFor();
    await page.getByTestId('event-row').filter({ hasText: 'MFA turned off by support (verified request)' }).waitFor();
    // A double click on confirm sent one key: one disable, not two.
    const disables = (await adminHttp.get(`/admin/v1/accounts/${genuine.id}/events`)).data.items.filter(
      (e: { action: string }) => e.action === 'mfa.disabled',
    );
    expect(disables).toHaveLength(1);
    expect((await adminHttp.get(`/admin/v1/accounts/${genuine.id}`)).data.mfa.state).toBe('off');
    await shoot('disable-done');
  });

  it('names a Cyrillic look-alike, shows the failing checks, and offers only escalation', async () => {
    const { page } = harness;
    await openAccount(page, spoofed.login);
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();

    // The Latin "a" of "sam" is a Cyrillic "а" (U+0430), signed by the domain so only the address gives it away.
    const spoof = await lab.sign(lab.message({ from: 'Sam <s\u0430m.target@corp.example>' }), 'corp.example');
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(spoof.toString('base64'))}), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'please-disable.eml', { type: 'message/rfc822' }));
      return data;
    })()`);
    await page.getByTestId('eml-drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => verdictText(page), { timeout: 15_000 }).toMatch(/^Look-alike/);
    expect(await page.locator('[data-testid="check-row"][data-passed="false"]').count()).toBeGreaterThan(0);
    // Marked where the verdict is read, and again in the message's details.
    for (const where of [page.getByTestId('verdict-sender'), page.getByTestId('message-headers')]) {
      expect(await where.getByTestId('sender-address').textContent()).toBe('s\u0430m.target@corp.example');
      expect(await where.getByTestId('sender-address').locator('mark').first().textContent()).toBe('\u0430');
    }
    expect(await page.getByTestId('disable-button').count()).toBe(0);
    await shoot('disable-lookalike');

    // A genuine, signed e-mail of the user to a colleague: authentic, but not a request to support.
    await page.getByRole('button', { name: 'Check another message' }).click();
    const lunch = await lab.sign(
      lab.message({ from: spoofed.login, to: 'Bob <bob@corp.example>', subject: 'Lunch on Friday?' }),
      'corp.example',
    );
    await page.getByTestId('eml-paste').fill(lunch.toString('utf8'));
    await page.getByTestId('eml-paste-submit').click();
    await expect.poll(() => verdictText(page), { timeout: 15_000 }).toMatch(/^Not a current request to support/);
    const addressed = page.locator('[data-testid="check-row"][data-code="addressed_to_support"]');
    expect(await addressed.getAttribute('data-passed')).toBe('false');
    expect(await addressed.textContent()).toContain('bob@corp.example, not to support (support@desk.example)');
    expect(await page.getByTestId('disable-button').count()).toBe(0);

    // An unsigned message pasted as source: from the login, but nothing proves it.
    await page.getByRole('button', { name: 'Check another message' }).click();
    await page.getByTestId('eml-paste').fill(lab.message({ from: spoofed.login }).toString('utf8'));
    await page.getByTestId('eml-paste-submit').click();
    await expect.poll(() => verdictText(page), { timeout: 15_000 }).toMatch(/^Not authenticated/);
    expect(await page.getByTestId('disable-button').count()).toBe(0);

    await page.getByTestId('escalate-button').click();
    await page.getByTestId('escalation-justification').fill('User called from the number on file; the e-mail is not signed.');
    await page.getByTestId('escalation-reason').fill('Lost phone');
    await page.getByTestId('escalation-ticket').fill('T-7002');
    await page.getByTestId('escalation-submit').click();
    await page.getByTestId('escalation-done').waitFor();
    expect((await adminHttp.get(`/admin/v1/accounts/${spoofed.id}`)).data.mfa.state).toBe('on');
    await shoot('disable-escalated');
  });

  it('an admin approves the escalation in the queue; MFA goes off and the user is e-mailed', async () => {
    const { page } = harness;
    expect(await page.getByTestId('escalations-link').count()).toBe(0); // agents have no queue
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(approver);
    await page.getByTestId('escalations-link').click();
    const row = page.getByTestId('escalation-row').filter({ hasText: spoofed.login });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    expect(await row.textContent()).toContain('Not authenticated');
    await shoot('disable-queue');

    await row.getByTestId('escalation-approve').click();
    await page.getByTestId('escalation-decide-confirm').click();
    await page.getByText('Write a note for the record').waitFor();
    await page.getByTestId('escalation-note').fill('Identity confirmed by a video call with the user');
    await page.getByTestId('escalation-decide-confirm').click();
    await page.locator('[data-testid="escalation-row"][data-status="approved"]').filter({ hasText: spoofed.login }).waitFor();
    await shoot('disable-queue-approved');

    expect((await adminHttp.get(`/admin/v1/accounts/${spoofed.id}`)).data.mfa.state).toBe('off');
    expect((await smtp.waitFor(spoofed.login)).subject).toBe('MFA was turned off on your account');
    await page
      .locator('[data-testid="escalation-row"][data-status="approved"]')
      .filter({ hasText: spoofed.login })
      .getByTestId('escalation-account')
      .click();
    await page.getByTestId('account-view').filter({ hasText: spoofed.login }).waitFor();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Off');
  });
});
