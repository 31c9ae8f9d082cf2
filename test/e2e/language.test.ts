/**
 * The console in the agent's language (issue 13 §8): chosen in Settings, kept by main's settings store
 * across a reload, every text of the screens moved to the catalogues in German, dates written the German
 * way, and the German screens through the accessibility gate too. What the backend says — a refused
 * disable, a disable request's checks and warnings, why a look-alike's characters are marked, the clock
 * check's advice — is worded in German too, from its codes, with no English sentence of the server's on
 * screen.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AxiosInstance } from 'axios';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend.js';
import { startMailDesk } from '../support/mailDesk.js';
import type { MailLab } from '../support/mailFactory.js';
import type { SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, type TestUser } from '../support/users.js';
import { signInThroughForm, startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
  await harness.page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
  await harness.checkScreen('account search');
});
afterAll(() => harness?.close());

const savedLanguage = () => JSON.parse(readFileSync(path.join(harness.dataDir, 'settings.json'), 'utf8')).language;

describe("the console's language", () => {
  it('follows the computer until chosen, then switches at once to German and stays so after a reload', async () => {
    const { page } = harness;
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('settings-link').click();
    await page.getByTestId('settings-language').waitFor();
    expect(await page.getByTestId('language-system').isChecked()).toBe(true);

    await page.getByTestId('language-de').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allInnerTexts()).toEqual([
      'Konten',
      'Eingang',
      'Eskalationen',
      'Audit',
      'Einstellungen',
    ]);
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([
      'Backend',
      'Benachrichtigungen',
      'Sprache',
      'Support-Postfächer',
    ]);
    expect(savedLanguage()).toBe('de');
    await harness.checkScreen('Einstellungen');

    await page.reload();
    await page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByTestId('language-de').isChecked()).toBe(true);
  });

  it('shows the account search and an account in German, with dates the German way', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+K');
    await page.getByText('Login, Name oder @Domain eingeben').waitFor();
    await page.getByTestId('search-input').fill('example');
    await page.getByTestId('search-result').first().click();
    await page.getByTestId('account-view').waitFor();
    await page.getByRole('heading', { name: 'Multi-Faktor-Authentifizierung' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Verlauf' }).count()).toBe(1);
    // "Konto angelegt 16.04.2026, 14:05": day before month, dots, the 24-hour clock (English: "Apr 16, 2026, 2:05 PM").
    expect(await page.locator('.panel__meta').innerText()).toMatch(/Konto angelegt \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    // The user's own language, which their e-mails are written in, beside it.
    expect(await page.getByTestId('account-language').innerText()).toMatch(/^Schreibt der Person auf (English|Deutsch)$/);
    await harness.checkScreen('Konto');
  });

  it('guides a new phone in German: the script and the clock check', async () => {
    const { page } = harness;
    await page.getByTestId('new-phone-button').click();
    await page.getByTestId('new-phone-panel').waitFor();
    await page.getByRole('heading', { name: 'Neues Telefon', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Anruf' }).waitFor();
    await page.getByRole('heading', { name: 'Uhrzeit prüfen' }).waitFor();
    expect(await page.getByTestId('script-line').first().innerText()).not.toMatch(/\b(the|you|phone)\b/i);
    await harness.checkScreen('Neues Telefon');
  });

  it('shows the report and the audit log in German, numbers the German way: 83,3 %, and the log check counts events with a dot for thousands', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'Audit' }).first().click();
    await page.getByTestId('audit-report').waitFor();
    await page.getByRole('heading', { name: 'MFA in der gesamten Organisation' }).waitFor();
    await page.getByRole('heading', { name: 'Konten hinter den Lücken' }).waitFor();
    // Percentages the German way: "83,3 %".
    expect(await page.getByTestId('report-coverage').innerText()).toMatch(/^\d{1,3},\d\s%$/);
    await harness.checkScreen('Bericht');
    await page.getByTestId('audit-tab-log').click();
    expect(await page.getByTestId('audit-tab-log').innerText()).toBe('Audit-Log');
    await page.getByRole('columnheader', { name: 'Ticket und Grund' }).waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    expect(await page.getByRole('form', { name: 'Audit-Log filtern' }).innerText()).toContain('Wer gehandelt hat');
    await page.getByRole('button', { name: 'Audit-Log prüfen' }).click();
    const result = page.getByTestId('audit-verify-result');
    // The demo organisation's history has thousands of events: "Unversehrt: 4.321 Ereignisse geprüft, …".
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Unversehrt: \d{1,3}(\.\d{3})+ Ereignisse geprüft/);
    await harness.checkScreen('Audit-Log');
  });

  it('goes back to following the computer', async () => {
    const { page } = harness;
    await page.keyboard.press('Control+,');
    await page.getByTestId('language-system').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(savedLanguage()).toBeNull();
    await page.getByRole('heading', { name: 'Language' }).waitFor();
  });
});

describe('what the backend says, in a German console', () => {
  let lab: MailLab;
  let smtp: SmtpReceiver;
  let backend: TestBackend;
  let german: ConsoleHarness;
  let adminHttp: AxiosInstance;
  let warned: TestUser;
  let clocky: TestUser;
  let olaf: TestUser;

  beforeAll(async () => {
    ({ lab, smtp, backend } = await startMailDesk());
    adminHttp = await backend.agentHttp(await backend.createAgent('admin'));
    warned = await createUser(backend, adminHttp, 'wendy.warned@corp.example');
    clocky = await createUser(backend, adminHttp, 'klaus.clock@corp.example');
    olaf = await createUser(backend, adminHttp, 'olaf.target@corp.example');
    german = await startConsole({ remoteUrl: backend.url });
    await signInThroughForm(german, backend, await backend.createAgent('agent'));
    await german.page.getByTestId('settings-link').click();
    await german.page.getByTestId('language-de').click();
    await german.page.locator('html[lang="de"]').waitFor({ state: 'attached' });
    await german.checkScreen('Einstellungen (entferntes Backend)');
  });
  afterAll(async () => {
    await german?.close();
    await backend?.close();
    await smtp?.close();
    await lab?.close();
  });

  /** The server's English, as it writes its problems, checks, warnings and advice. */
  const SERVER_ENGLISH = /\b(The (message|sender|phone|code|From|DKIM|Date)|Replies to|is already off|not the account)\b/;

  async function openAccount(page: Page, login: string) {
    await page.keyboard.press('Control+K');
    await page.getByTestId('search-input').fill(login);
    await page.getByTestId('search-result').filter({ hasText: login }).first().click();
    await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
  }

  it("words a verified request's warning and checks in German, then a disable the backend refuses", async () => {
    const { page } = german;
    await openAccount(page, warned.login);
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();
    const raw = await lab.sign(
      lab.message({ from: `Wendy <${warned.login}>`, replyTo: 'collector@elsewhere.example', subject: 'Please disable MFA' }),
      'corp.example',
    );
    await page.getByTestId('eml-paste').fill(raw.toString('utf8'));
    await page.getByTestId('eml-paste-submit').click();
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toBe('Verifiziert, 1 Warnung');
    const warning = await page.getByTestId('warning-row').innerText();
    expect(warning).toContain('Antworten auf diese Nachricht gingen an collector@elsewhere.example, nicht an den Login');
    expect(warning).not.toMatch(SERVER_ENGLISH);
    await page.getByTestId('passed-checks-toggle').click();
    const checks = await page.getByTestId('check-row').allInnerTexts();
    expect(checks.length).toBeGreaterThan(5);
    expect(checks.join('\n')).not.toMatch(SERVER_ENGLISH);
    expect(checks.join('\n')).toContain(`Der Absender ${warned.login} ist der Login des Kontos.`);
    // The facts the server found, in German words: the signing domain, and the date the German way.
    expect(checks.join('\n')).toContain('Die Nachricht ist per DKIM von corp.example signiert');
    expect(checks.join('\n')).toMatch(
      /Die Nachricht wurde am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} gesendet, innerhalb der erlaubten Frist \(7 Tage\)\./,
    );
    await german.checkScreen('verifiziert mit einer Warnung');

    // Meanwhile another agent turns MFA off with a request of its own: the backend refuses this disable.
    const other = await lab.sign(lab.message({ from: `Wendy <${warned.login}>`, subject: 'MFA off, please' }), 'corp.example');
    const checked = await adminHttp.post(`/admin/v1/accounts/${warned.id}/disable-requests`, other, {
      headers: { 'content-type': 'message/rfc822' },
    });
    const off = await adminHttp.post(
      `/admin/v1/accounts/${warned.id}/mfa/disable`,
      { requestId: checked.data.id, reason: 'Lost phone', ticketRef: 'T-1300' },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(off.status).toBe(200);

    await page.getByTestId('warning-ack').check();
    await page.getByTestId('disable-button').click();
    await page.getByTestId('disable-reason').fill('Telefon verloren, Anfrage per E-Mail geprüft');
    await page.getByTestId('disable-ticket').fill('T-1301');
    await page.getByTestId('disable-confirm').click();
    const refusal = page.locator('.confirm__alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(`MFA ist für ${warned.login} bereits ausgeschaltet.`);
    expect(await refusal.innerText()).not.toMatch(SERVER_ENGLISH);
    await german.checkScreen('Deaktivieren abgelehnt');
  });

  it('says in German why the characters of a look-alike sender are marked', async () => {
    const { page } = german;
    await page.keyboard.press('Escape');
    await openAccount(page, olaf.login);
    await page.getByTestId('disable-request-button').click();
    await page.getByTestId('disable-request-panel').waitFor();
    // "оlaf" with a Cyrillic о (U+043E), signed by the domain.
    const spoof = await lab.sign(lab.message({ from: 'Olaf <\u043elaf.target@corp.example>' }), 'corp.example');
    await page.getByTestId('eml-paste').fill(spoof.toString('utf8'));
    await page.getByTestId('eml-paste-submit').click();
    await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toBe('Verwechselbar ähnliche Adresse');
    const why = page.getByRole('list', { name: 'Verdächtige Zeichen in der Adresse' }).first();
    expect(await why.innerText()).toContain('sieht aus wie „o“, ist aber U+043E');
    expect(await why.innerText()).not.toMatch(/looks like/);
    await german.checkScreen('Doppelgänger-Absender');
  });

  it("gives the clock check's advice in German, for a slow phone and for a code that matches nothing", async () => {
    const { page } = german;
    await page.keyboard.press('Escape');
    await openAccount(page, clocky.login);
    await page.getByTestId('new-phone-button').click();
    await page.getByTestId('new-phone-panel').waitFor();
    await page.getByTestId('clock-code').fill(backend.codeFor(clocky.secret!, -90));
    await page.getByTestId('clock-check-submit').click();
    const result = page.getByTestId('clock-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('Das Telefon geht etwa 90 s nach');
    expect(await result.innerText()).not.toMatch(SERVER_ENGLISH);

    await page.getByTestId('clock-code').fill(String((Number(backend.codeFor(clocky.secret!)) + 500_000) % 1_000_000).padStart(6, '0'));
    await page.getByTestId('clock-check-submit').click();
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain(`zum Authenticator von ${clocky.login}`);
    expect(await result.innerText()).not.toMatch(SERVER_ENGLISH);
    await german.checkScreen('Uhrzeit geprüft');
  });
});
