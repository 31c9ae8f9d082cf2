/**
 * The account screen as an agent uses it before and during a call: similar logins told apart in the
 * results, the recently opened accounts, one truthful lock message, Unlock for a temporary lock (and
 * none for the lock that needs re-enrolment), the user's sign-in attempts with their source address,
 * and a checked disable request's verdict in the history. axe runs on every part it visits.
 */
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMANENT_LOCK, THROTTLE } from '../../src-server/domain/credentials/attemptThrottle.js';
import { accessibilityViolations } from '../support/accessibility.js';
import { startBackend, type TestBackend } from '../support/backend.js';
import { createUser, USER_PASSWORD, type TestUser } from '../support/users.js';
import { signInThroughForm, startConsole, type ConsoleHarness } from './harness.js';

let backend: TestBackend;
let harness: ConsoleHarness;
let agentHttp: AxiosInstance;
let locked: TestUser;
let lockedForGood: TestUser;
const similar = ['anna.kowalski@northwind-laboratories.example', 'anna.kowalski@northwind-laboratories.example.org'];

beforeAll(async () => {
  backend = await startBackend();
  const admin = await backend.agentHttp(await backend.createAgent('admin'));
  const agent = await backend.createAgent('agent');
  agentHttp = await backend.agentHttp(agent);
  for (const login of similar) await createUser(backend, admin, login, { mfa: false });
  locked = await createUser(backend, admin, 'lena.locked@corp.example');
  lockedForGood = await createUser(backend, admin, 'paul.permanent@corp.example');
  // Ten wrong passwords in a row from the user pages' API: the tenth locks sign-in for 15 minutes.
  for (let failures = 1; failures <= THROTTLE.lockEvery; failures++) {
    expect((await backend.http.post('/v1/auth/login', { email: locked.login, password: 'not it' })).status).toBe(401);
    if (failures > THROTTLE.freeFailures) backend.clock.advance(2 ** (failures - THROTTLE.freeFailures) + 1);
  }
  await backend.store.db
    .updateTable('accounts')
    .set({ failedAttempts: THROTTLE.permanentAfter, lockedUntil: PERMANENT_LOCK })
    .where('id', '=', lockedForGood.id)
    .execute();
  // A request "from" the login that nothing authenticates: its verdict must show in the history.
  expect((await agentHttp.post(`/admin/v1/accounts/${locked.id}/disable-requests`, { senderAddress: locked.login })).status).toBe(201);

  harness = await startConsole({ remoteUrl: backend.url });
  await harness.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await harness.page.setViewportSize({ width: 1024, height: 640 });
  await signInThroughForm(harness, backend, agent);
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
});

async function openAccount(login: string) {
  const { page } = harness;
  await page.getByTestId('search-input').fill(login);
  await page.getByTestId('search-result').filter({ hasText: login }).first().click();
  await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
  await harness.checkScreen(`account ${login}`);
}

/** No axe violation inside the part this feature draws (the whole screen is checked by the harness too). */
async function expectAccessible(selector: string) {
  expect(await accessibilityViolations(harness.page, selector)).toEqual([]);
}

describe('the account screen before a call', () => {
  it('keeps the part that tells two similar logins apart in view at 1024 px, with the full login on hover', async () => {
    const { page } = harness;
    await page.getByTestId('search-input').fill('anna.kowalski@northwind');
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(2);
    for (const [index, login] of similar.entries()) {
      const shown = page.getByTestId('search-result-login').nth(index);
      expect(await shown.getAttribute('title')).toBe(login);
      // The login's end is never cut: its last characters are drawn inside the row.
      const tail = await shown.locator('.result__login-tail').boundingBox();
      const row = await page.getByTestId('search-result').nth(index).boundingBox();
      expect(login.endsWith((await shown.locator('.result__login-tail').textContent())!)).toBe(true);
      expect(tail!.x + tail!.width).toBeLessThanOrEqual(row!.x + row!.width);
    }
    await expectAccessible('.accounts__finder');
  });

  it('says once, truthfully, how long a temporary lock lasts, and shows the sign-in attempts with their source address', async () => {
    const { page } = harness;
    await openAccount(locked.login);
    expect(await page.getByTestId('mfa-state').textContent()).toBe('Locked');
    const message = await page.getByTestId('mfa-state-message').textContent();
    expect(message).toContain('sign-in is blocked until');
    expect(message).toContain('or until support unlocks it');
    expect(message).not.toContain('resets MFA');

    const rows = page.getByTestId('sign-in-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(THROTTLE.lockEvery);
    // Newest first: the lock, caused by the tenth wrong password, then that password.
    const [lock, wrong] = [await rows.nth(0).textContent(), await rows.nth(1).textContent()];
    expect(lock).toContain('Password');
    expect(lock).toContain('Locked');
    expect(wrong).toContain('Password');
    expect(wrong).toContain('Wrong');
    expect(wrong).toContain('127.0.0.1');
    // The page shows 20 at a time; older attempts come by cursor.
    expect(await rows.count()).toBeLessThanOrEqual(20);

    const verdict = page.getByTestId('event-verdict');
    await verdict.first().waitFor();
    expect(await verdict.first().textContent()).toContain('Not authenticated');
    await expectAccessible('[data-testid="account-view"]');
  });

  it('unlocks a temporary lock with a reason and ticket, and the account says what is true at once', async () => {
    const { page } = harness;
    await page.getByTestId('unlock-button').click();
    await page.getByTestId('unlock-submit').click();
    await page.getByText('Type the support ticket this belongs to.').waitFor();
    await expectAccessible('[aria-labelledby="unlock-title"]');
    await page.getByTestId('unlock-reason').fill('User mistyped, identity checked by call-back');
    await page.getByTestId('unlock-ticket').fill('T-4711');
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('unlock-done').waitFor();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('On');
    expect(await page.getByTestId('mfa-failed-attempts').textContent()).toBe('0');
    await page.getByTestId('event-row').filter({ hasText: 'Sign-in lock lifted by support' }).waitFor();
    expect(await page.getByTestId('event-row').filter({ hasText: 'T-4711' }).count()).toBe(1);
    const signIn = await backend.http.post('/v1/auth/login', { email: locked.login, password: USER_PASSWORD });
    expect(signIn.data.status).toBe('mfa_required');
  });

  it('offers no Unlock for the lock after 100 failures and says that only enrolling again lifts it', async () => {
    const { page } = harness;
    await openAccount(lockedForGood.login);
    expect(await page.getByTestId('mfa-state-message').textContent()).toContain('until the user enrols again');
    expect(await page.getByTestId('unlock-button').count()).toBe(0);
    expect(await page.getByTestId('new-phone-button').count()).toBe(1);
  });

  it('copies the login from the account page, and lists the recently opened accounts under the empty search', async () => {
    const { page } = harness;
    await page.getByRole('button', { name: 'Copy login' }).click();
    await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(lockedForGood.login);

    await page.getByTestId('search-input').fill('');
    const recent = page.getByTestId('recent-account');
    await expect.poll(() => recent.count()).toBe(2);
    expect(await recent.nth(0).textContent()).toContain(lockedForGood.login);
    expect(await recent.nth(1).textContent()).toContain(locked.login);
    await expectAccessible('.accounts__finder');
    await recent.nth(1).click();
    await page.getByTestId('account-view').filter({ hasText: locked.login }).waitFor();
  });
});
