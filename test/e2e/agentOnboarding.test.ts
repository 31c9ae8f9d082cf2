/**
 * A new agent from invitation to first search: an admin invites them in the console, the main process
 * writes the sign-in secrets to a file (never to the page), the new agent signs in with them and must
 * choose their own password before anything else.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../support/backend.js';
import { signInThroughForm, startConsole, type ConsoleHarness } from './harness.js';

let backend: TestBackend;
let harness: ConsoleHarness;

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  harness = await startConsole({ remoteUrl: backend.url });
});
afterAll(async () => {
  await harness?.close();
  await backend?.close();
});

describe('onboarding an agent', () => {
  it('invites, hands the secrets over in a file, and makes the new agent choose a password first', async () => {
    const { page } = harness;
    const admin = backend.demo!.agents.find((a) => a.role === 'admin')!;
    await signInThroughForm(harness, backend, admin);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-report').waitFor();
    await harness.checkScreen('audit report');
    await page.getByTestId('audit-tab-agents').click();
    await page.getByTestId('agents-table').waitFor();
    await harness.checkScreen('agents');
    await page.getByTestId('invite-email').fill('robin.new@desk.example');
    await page.getByTestId('invite-name').fill('Robin New');
    await page.getByTestId('invite-reason').fill('Joins the support desk');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('agents-outcome').filter({ hasText: 'hand it over in person' }).waitFor();

    // The page never held the secrets: they are only in the file main wrote.
    const html = await page.content();
    const file = readdirSync(harness.dataDir).find((f) => f.startsWith('mfa-desk-invitation-robin.new'))!;
    const handover = readFileSync(path.join(harness.dataDir, file), 'utf8');
    const oneTimePassword = /One-time password: <code>([^<]+)<\/code>/.exec(handover)![1]!;
    const totpSecret = /type the key: <code>([^<]+)<\/code>/.exec(handover)![1]!.replace(/ /g, '');
    expect(html).not.toContain(oneTimePassword);
    expect(html).not.toContain(totpSecret);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughForm(harness, backend, { email: 'robin.new@desk.example', password: oneTimePassword, totpSecret });
    await page.getByTestId('change-password-form').waitFor();
    await harness.screenshot('agent-change-password');
    // Nothing else is reachable until then: the server refuses, whatever the page does.
    const refused = await harness.core.invoke('accounts.search', { q: 'a' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'password_change_required' } });

    await page.getByTestId('change-current').fill(oneTimePassword);
    await page.getByTestId('change-next').fill('short');
    await page.getByTestId('change-repeat').fill('short');
    await page.getByTestId('change-submit').click();
    await page.getByText('Use at least 12 characters').waitFor();
    await page.getByTestId('change-next').fill('robin picks a long passphrase');
    await page.getByTestId('change-repeat').fill('robin picks a long passphrase');
    await page.getByTestId('change-submit').click();
    await page.getByTestId('search-input').waitFor();
    await page.getByTestId('search-input').fill('@contoso.example');
    await page.getByTestId('search-result').first().waitFor();
    const events = await backend.store.db
      .selectFrom('auditEvents')
      .select('action')
      .where('actorLabel', '=', 'robin.new@desk.example')
      .execute();
    expect(events.map((e) => e.action)).toContain('agent.password.changed');
  });
});
