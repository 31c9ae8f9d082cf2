/**
 * The end user's pages under /account, in Debian's Chromium against the real backend: sign in, turn MFA
 * on through the set-up pop-up (the QR code read from the page with a standard decoder, the code made
 * from it as a phone would), sign in again with the code, and the re-enrolment link from a real e-mail.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_THROTTLE } from '../../src-server/domain/credentials/attemptThrottle.js';
import { USER_PAGES_CSP } from '../../src-server/routes/user/pages.js';
import { startBackend, type TestBackend } from '../support/backend.js';
import { readQrDataUrl, secretFromOtpauth } from '../support/qr.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtpReceiver.js';
import { createUser, USER_PASSWORD, type TestUser } from '../support/users.js';
import { launchChromium, SCREENSHOTS } from './harness.js';

let backend: TestBackend;
let smtp: SmtpReceiver;
let admin: AxiosInstance;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  backend = await startBackend({ env: { MFA_DESK_SMTP_URL: smtp.url } });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  origin = backend.url;
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await backend?.close();
  await smtp?.close();
});

async function newPage(viewport = { width: 1100, height: 820 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page };
}

/** A full-page picture, or just the screen while the pop-up is open (a modal covers only the screen). */
const shoot = async (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `user-${name}.png`), fullPage: !(await page.locator('dialog[open]').count()) });

/** A code for `secret` that is wrong now and in the steps either side (which the server also accepts). */
function wrongCodeFor(secret: string): string {
  const near = new Set([-30, 0, 30].map((offset) => backend.codeFor(secret, offset)));
  for (let n = 0; ; n++) {
    const candidate = String((Number(backend.codeFor(secret)) + 1 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** Pastes text into a field the way a browser does: a paste event carrying clipboard data. */
async function paste(page: Page, selector: string, text: string) {
  await page.locator(selector).focus();
  // A string, because this runs in the page, with the DOM types that this Node project does not load.
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(text)});
    document.querySelector(${JSON.stringify(selector)}).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
}

const focusedText = (page: Page) => page.locator(':focus').textContent();
const sessionStorageSize = (page: Page) => page.evaluate<number>('sessionStorage.length');

async function signInWithPassword(page: Page, login: string) {
  await page.getByLabel('E-mail').fill(login);
  await page.getByLabel('Password').fill(USER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Walks the pop-up to its QR code screen and returns the secret read from the QR image. */
async function walkToQrCode(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Set up multi-factor authentication' });
  await dialog.getByRole('heading', { name: 'Install the Google Authenticator app on your smartphone.' }).waitFor();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('heading', { name: "Make sure that your smartphone's time is set to automatic." }).waitFor();
  await dialog.getByText('Date and time').waitFor();
  await dialog.getByRole('button', { name: 'Next' }).click();
  const qr = dialog.getByRole('img', { name: 'QR code to scan with Google Authenticator' });
  await qr.waitFor();
  return secretFromOtpauth(readQrDataUrl((await qr.getAttribute('src'))!));
}

describe('the account pages', () => {
  it('are served with a strict CSP, no caching of the HTML, and only allow-listed files', async () => {
    for (const url of ['/account', '/account/enrol']) {
      const res = await fetch(new URL(url, origin));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(USER_PAGES_CSP);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const script = await fetch(new URL('/account/assets/mfaSetup.js', origin));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = script.headers.get('etag')!;
    expect((await fetch(new URL('/account/assets/mfaSetup.js', origin), { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(new URL('/account/assets/account.css', origin))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const probe of [
      '/account/assets/nope.js',
      '/account/assets/..%2F..%2Fapp.ts',
      '/account/assets/%2e%2e%2froutes%2fuser%2fpages.ts',
      '/account/assets/account.html',
    ]) {
      expect((await fetch(new URL(probe, origin))).status, probe).toBe(404);
    }
  });

  let user: TestUser;
  let secret: string;

  it('signs in with a password, and turns MFA on in My Profile → Multi-Factor Authentication → Enable MFA', async () => {
    user = await createUser(backend, admin, 'paula.user@corp.example', { mfa: false });
    const { context, page } = await newPage();
    const response = await page.goto(`${origin}/account`);
    expect(response!.headers()['content-security-policy']).toBe(USER_PAGES_CSP);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shoot(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('#password-error').textContent()).toBe('Enter your e-mail address and your password.');
    await signInWithPassword(page, user.login);
    await page.getByRole('heading', { name: 'Account settings' }).waitFor();
    expect(await page.getByText('Multi-factor authentication is off.').first().isVisible()).toBe(true);
    await shoot(page, 'settings');

    await page.getByRole('navigation', { name: 'Account settings' }).getByRole('link', { name: 'My Profile' }).click();
    await page.getByRole('link', { name: 'Multi-Factor Authentication', exact: true }).click();
    await page.getByRole('heading', { name: 'Multi-Factor Authentication', exact: true }).waitFor();
    const enable = page.getByRole('button', { name: 'Enable MFA' });
    await shoot(page, 'mfa-off');

    // Escape closes the pop-up and gives focus back to the button that opened it.
    await enable.click();
    const dialog = page.getByRole('dialog', { name: 'Set up multi-factor authentication' });
    await dialog.waitFor();
    expect(await focusedText(page)).toContain('Install the Google Authenticator app');
    await shoot(page, 'mfa-step-1');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedText(page)).toBe('Enable MFA');

    await enable.click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await shoot(page, 'mfa-step-2');
    await dialog.getByRole('button', { name: 'Back' }).click();
    secret = await walkToQrCode(page);
    await shoot(page, 'mfa-step-3-qr');

    await dialog.getByText("Can't scan the QR code? Use its text version").click();
    const key = dialog.locator('[data-field="secret"]');
    await key.waitFor();
    expect((await key.textContent())!.split(' ').every((group) => group.length <= 4)).toBe(true);
    expect((await key.textContent())!.replace(/ /g, '')).toBe(secret.replace(/=+$/, ''));
    expect(await dialog.locator('[data-field="account-name"]').textContent()).toBe(user.login);
    expect(await dialog.getByText('Time based').isVisible()).toBe(true);
    await shoot(page, 'mfa-text-version');

    const code = dialog.getByRole('textbox', { name: 'MFA code' });
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await code.fill('12345');
    await dialog.getByRole('button', { name: 'Turn on MFA' }).click();
    await expect.poll(() => dialog.locator('#mfa-setup-error').textContent()).toContain('Type the 6 digits');

    backend.clock.nextStep();
    const right = backend.codeFor(secret);
    await paste(page, '#mfa-setup-code', `${right.slice(0, 3)} ${right.slice(3)}`);
    expect(await code.inputValue()).toBe(right);
    await dialog.getByRole('button', { name: 'Turn on MFA' }).click();
    await dialog.getByRole('heading', { name: 'MFA is on', exact: true }).waitFor();
    await shoot(page, 'mfa-done');
    expect(await page.content()).not.toContain(secret.slice(0, 16));

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-field="profile-mfa"] .badge').textContent()).toBe('On');
    expect(await page.getByRole('button', { name: 'Enable MFA' }).count()).toBe(0);
    expect(await page.getByText('You cannot turn MFA off yourself').isVisible()).toBe(true);
    await shoot(page, 'mfa-on');
    expect(
      (await backend.store.db.selectFrom('accounts').select('mfaState').where('id', '=', user.id).executeTakeFirstOrThrow()).mfaState,
    ).toBe('on');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await sessionStorageSize(page)).toBe(0);
    await context.close();
  });

  it('asks for the 6-digit code at the next sign-in; a wrong code gets a clear error, the right one signs in', async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/account`);
    await signInWithPassword(page, user.login);
    await page.getByRole('heading', { name: 'Enter your MFA code' }).waitFor();
    expect(await page.getByText('Type the 6 digits without spaces.').isVisible()).toBe(true);
    expect(await page.locator(':focus').getAttribute('id')).toBe('code');
    await shoot(page, 'mfa-code');

    backend.clock.nextStep();
    await page.getByRole('textbox', { name: 'MFA code' }).fill(wrongCodeFor(secret));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).toContain('That code is not right.');
    expect(await page.getByRole('textbox', { name: 'MFA code' }).getAttribute('aria-invalid')).toBe('true');
    await shoot(page, 'mfa-code-wrong');

    backend.clock.advance(70); // past the short delay that the failed attempt started
    await page.getByRole('textbox', { name: 'MFA code' }).fill(backend.codeFor(secret));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Account settings' }).waitFor();
    expect(await page.getByText('Multi-factor authentication is on.').first().isVisible()).toBe(true);
    await shoot(page, 'signed-in-with-code');
    await context.close();
  });

  it('fits a phone screen: the pop-up with its QR code needs no sideways scrolling', async () => {
    const phoneUser = await createUser(backend, admin, 'mo.bile@corp.example', { mfa: false });
    const { context, page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${origin}/account#my-profile/mfa`);
    await signInWithPassword(page, phoneUser.login);
    await page.getByRole('button', { name: 'Enable MFA' }).click();
    await walkToQrCode(page);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const box = (await page.getByRole('dialog').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await shoot(page, 'phone-qr');
    await context.close();
  });

  it('takes a user from the e-mailed re-enrolment link to MFA on the new phone', async () => {
    const agent = await backend.agentHttp(await backend.createAgent('agent'));
    const reset = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/reset`,
      { channel: 'email', reason: 'New phone', ticketRef: 'T-200', revokeOldNow: false },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(reset.status).toBe(201);
    await expect
      .poll(() => smtp.messages.some((m) => m.to?.[0]?.address === user.login && m.subject === 'Set up MFA on your new phone'), {
        timeout: 10_000,
      })
      .toBe(true);
    const mail = smtp.messages.find((m) => m.to?.[0]?.address === user.login && m.subject === 'Set up MFA on your new phone')!;
    const link = /\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
    expect(link).not.toBeNull();

    const { context, page } = await newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${origin}/account/enrol#ticket=${link![1]}`);
    await page.getByRole('heading', { name: 'Set up MFA on your new phone' }).waitFor();
    await page.getByLabel('E-mail').waitFor();
    // The token left the address bar at once, and never went to the server in a URL.
    expect(page.url()).toBe(`${origin}/account/enrol`);
    expect(requests.some((url) => url.includes(link![1]!))).toBe(false);
    expect(await page.locator('[data-field="login-hint"]').textContent()).toMatch(/^pa•+@corp\.example$/);
    await shoot(page, 'ticket-sign-in');

    await page.getByLabel('E-mail').fill('someone.else@corp.example');
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#ticket-error').textContent()).toContain('sent to a different account');

    await page.getByLabel('E-mail').fill(user.login);
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Set up MFA', exact: true }).click();
    const newSecret = await walkToQrCode(page);
    expect(newSecret).not.toBe(secret);
    await shoot(page, 'ticket-qr');

    backend.clock.nextStep();
    await page.getByRole('dialog').getByRole('textbox', { name: 'MFA code' }).fill(backend.codeFor(newSecret));
    await page.getByRole('button', { name: 'Turn on MFA' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'MFA is on', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'MFA is on with your new phone' }).waitFor();
    await shoot(page, 'ticket-done');
    const ticket = (await agent.get(`/admin/v1/enrollment-tickets/${reset.data.id}`)).data;
    expect(ticket.status).toBe('enrolled');
    expect(await sessionStorageSize(page)).toBe(0);

    // Opening the used link again says so, and where to turn.
    const again = await context.newPage();
    await again.goto(`${origin}/account/enrol#ticket=${link![1]}`);
    await again.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await again.locator('[data-field="problem"]').textContent()).toContain('already used');
    expect(await again.getByText('ask for a new link').isVisible()).toBe(false);
    await shoot(again, 'ticket-used');
    await context.close();
  });

  it('a link locked by wrong passwords says so, and where to turn', async () => {
    const guessed = await createUser(backend, admin, 'link.guessed@corp.example');
    const agent = await backend.agentHttp(await backend.createAgent('agent'));
    const reset = await agent.post(
      `/admin/v1/accounts/${guessed.id}/mfa/reset`,
      { channel: 'email', reason: 'New phone', ticketRef: 'T-201', revokeOldNow: false },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(reset.status).toBe(201);
    const [mail] = await smtp.waitForMessages((m) => m.to?.[0]?.address === guessed.login && m.subject === 'Set up MFA on your new phone');
    const token = /\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')![1]!;
    // All but the last of the link's wrong tries, as someone guessing would.
    for (let i = 1; i < LINK_THROTTLE.wrongTries; i++) {
      const wrong = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: guessed.login, password: `guess ${i}` });
      expect(wrong.data.code).toBe('invalid_credentials');
    }

    const { context, page } = await newPage();
    await page.goto(`${origin}/account/enrol#ticket=${token}`);
    await page.getByLabel('E-mail').fill(guessed.login);
    await page.getByLabel('Password').fill('one more guess');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#ticket-error').textContent()).toContain('password is wrong');
    // The last wrong try locked the link: now even the right password ends on the page that says what to do.
    await page.getByLabel('Password').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await page.locator('[data-field="problem"]').textContent()).toContain('Ask support for a new link');
    expect(await page.getByText('ask for a new link').isVisible()).toBe(true);
    await shoot(page, 'ticket-locked');
    await context.close();
  });
});
