import path from 'node:path';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-server/store/openStore.js';
import { readDemoCredentials } from '../support/demoCredentials.js';
import { startConsole, type ConsoleHarness } from './harness.js';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsole();
});
afterAll(() => harness?.close());

const STATE_LABELS = { off: 'Off', pending: 'Awaiting confirmation', on: 'On', locked: 'Locked' } as const;

/** Reads the backend's database directly, to know each account's true state independently of the UI. */
async function accountsByState() {
  const store = await openStore({ dataDir: path.join(harness.dataDir, 'embedded-backend') });
  const rows = await store.db.selectFrom('accounts').select(['login', 'mfaState', 'lockedUntil', 'failedAttempts']).execute();
  await store.close();
  const now = new Date().toISOString();
  const pick = (test: (r: (typeof rows)[number]) => boolean) => rows.find(test)!;
  return {
    on: pick((r) => r.mfaState === 'on' && !r.lockedUntil),
    off: pick((r) => r.mfaState === 'off'),
    pending: pick((r) => r.mfaState === 'pending'),
    locked: pick((r) => r.lockedUntil !== null && r.lockedUntil > now),
  };
}

describe('an agent finds an account and sees its MFA state', () => {
  it('starts on the embedded backend, signed in as the demo admin', async () => {
    const { page } = harness;
    await page.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
    await harness.checkScreen('account search');
    expect(await page.getByTestId('signed-in-agent').textContent()).toContain('admin@desk.example');
    const credentials = readDemoCredentials(path.join(harness.dataDir, 'embedded-backend'));
    expect(credentials.agents.map((a) => a.role).sort()).toEqual(['admin', 'agent', 'agent', 'auditor']);
  });

  it('searches as the agent types, opens a result with the keyboard, and shows the true state', async () => {
    const { page } = harness;
    const truth = await accountsByState();
    for (const state of ['on', 'off', 'pending', 'locked'] as const) {
      const account = truth[state];
      await page.keyboard.press('Control+K');
      await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('search-input');
      await page.getByTestId('search-input').fill(account.login);
      await page.getByTestId('search-result').filter({ hasText: account.login }).first().waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('account-view').filter({ hasText: account.login }).waitFor();
      await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe(STATE_LABELS[state]);
      if (state === 'locked') {
        expect(await page.getByTestId('mfa-failed-attempts').textContent()).toContain(String(account.failedAttempts));
        await harness.screenshot('account-view-locked');
      }
    }
    expect(await page.getByTestId('event-row').count()).toBeGreaterThan(0);
    await harness.screenshot('account-view');
  });

  it('says so plainly when nothing matches', async () => {
    const { page } = harness;
    await page.getByTestId('search-input').fill('nobody-by-this-name@nowhere.example');
    await page.getByText(/No account matches/).waitFor();
  });
});

describe('signing out of the embedded backend', () => {
  it('shows the sign-in form and stays signed out: the console does not sign in as the demo admin again', async () => {
    const { page, core } = harness;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signin-form').waitFor();
    // Whatever the page asks main for now, nobody is signed in behind the agent's back.
    await page.reload();
    await page.getByTestId('signin-form').waitFor();
    expect(await page.getByTestId('signed-in-agent').count()).toBe(0);
    expect(core.connection.status().agent).toBeNull();
    await expect(core.invoke('accounts.search', { q: 'a' })).resolves.toMatchObject({ ok: false, error: { code: 'signed_out' } });

    // The demo's agents sign in through the form like on any backend.
    const credentials = readDemoCredentials(path.join(harness.dataDir, 'embedded-backend'));
    const agent = credentials.agents.find((a) => a.role === 'agent');
    if (!agent) throw new Error('The demo has no agent.');
    await page.getByTestId('signin-email').fill(agent.email);
    await page.getByTestId('signin-password').fill(agent.password);
    await page.getByTestId('signin-code').fill(generateSync({ secret: agent.totpSecret }));
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signed-in-agent').filter({ hasText: agent.email }).waitFor();
  });
});
