/**
 * The Incoming queue end to end, with real parts: a Dovecot over TLS on loopback as the support mailbox,
 * DKIM keys and DMARC records from the mail lab's DNS server, and the backend's e-mails caught by an SMTP
 * receiver. A signed request appended to the mailbox appears in the console's queue by itself, verified;
 * the agent claims it and disables MFA in one step (reason and ticket prefilled, still confirmed) and the
 * user is e-mailed; a look-alike appears flagged, cannot be disabled and is answered from a template; a
 * request another agent holds is refused politely; a bounce is set aside with its reason; a sender who is
 * no account is listed as unmatched and answered from the queue.
 */
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type TestDovecot } from '../support/dovecot.js';
import { startMailDesk, type MailDesk } from '../support/mailDesk.js';
import { SUPPORT_ADDRESS } from '../support/mailFactory.js';
import { createUser, type TestUser } from '../support/users.js';
import { signInThroughForm, startConsole, type ConsoleHarness } from './harness.js';

/** Within seconds: IDLE tells the backend at once, main looks every half second here. */
const SOON = { timeout: 15_000, interval: 100 };

let dovecot: TestDovecot;
let desk: MailDesk;
let harness: ConsoleHarness;
let admin: AxiosInstance;
let otherAgent: AxiosInstance;
let agent: Awaited<ReturnType<MailDesk['backend']['createAgent']>>;
let otherAgentEmail: string;
let mia: TestUser;
let noah: TestUser;

beforeAll(async () => {
  dovecot = await startDovecot();
  desk = await startMailDesk({ MFA_DESK_MAILBOXES: dovecot.url(), MFA_DESK_MAILBOX_CA_FILE: dovecot.caFile });
  admin = await desk.backend.agentHttp(await desk.backend.createAgent('admin'));
  agent = await desk.backend.createAgent('agent');
  const other = await desk.backend.createAgent('agent');
  otherAgentEmail = other.email;
  otherAgent = await desk.backend.agentHttp(other);
  mia = await createUser(desk.backend, admin, 'mia.inbox@corp.example');
  noah = await createUser(desk.backend, admin, 'noah.inbox@corp.example');
  harness = await startConsole({ remoteUrl: desk.backend.url, liveWorkIntervalMs: 500 });
  await harness.page.setViewportSize({ width: 1024, height: 640 });
});
afterAll(async () => {
  await harness?.close();
  await desk?.backend.close();
  await desk?.smtp.close();
  await desk?.lab.close();
  await dovecot?.stop();
});

async function signedRequest(from: string, subject: string) {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return desk.lab.sign(desk.lab.message({ from, subject, messageId: `<${randomUUID()}@corp.example>` }), address.split('@')[1]!);
}

const rowOf = (login: string) => harness.page.getByTestId('incoming-row').filter({ hasText: login });

describe('the Incoming queue in the console', () => {
  it('shows a signed request from the mailbox by itself, verified, and disables MFA on it in one step', async () => {
    const { page } = harness;
    await signInThroughForm(harness, desk.backend, agent);
    await page.evaluate('window.__sameDocument = true');
    await page.getByTestId('incoming-link').click();
    await page.getByTestId('incoming-filter-waiting').waitFor();
    await harness.checkScreen('incoming, nothing waiting');

    await dovecot.append(await signedRequest(`Mia <${mia.login}>`, 'Please disable MFA, new phone [#4711]'));
    await dovecot.append(await signedRequest('Noah <nоah.inbox@corp.example>', 'Turn off MFA [#4712]')); // Cyrillic о
    await expect.poll(() => page.getByTestId('incoming-count').textContent(), SOON).toBe('2');
    const verified = rowOf(mia.login);
    await verified.waitFor(SOON);
    expect(await verified.getAttribute('data-verdict')).toBe('verified');
    expect(await verified.getByTestId('incoming-verdict').textContent()).toMatch(/Verified/);
    expect(await verified.getByTestId('incoming-ticket').textContent()).toBe('4711');
    const lookalike = rowOf(noah.login);
    await lookalike.waitFor(SOON);
    expect(await lookalike.getAttribute('data-match')).toBe('lookalike');
    expect(await lookalike.locator('mark').textContent()).toBe('о');
    // The queue arrived without a reload of the page.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await harness.screenshot('incoming-queue');

    await verified.getByTestId('incoming-open').click();
    await page.getByTestId('disable-request-panel').waitFor();
    await expect.poll(() => page.getByTestId('verdict').textContent(), SOON).toMatch(/^Verified/);
    expect(await page.getByTestId('incoming-work-ticket').textContent()).toBe('#4711');
    expect(await page.getByTestId('incoming-work-claim').textContent()).toContain('You hold this request');
    await harness.screenshot('incoming-opened');

    await page.getByTestId('disable-button').click();
    expect(await page.getByTestId('disable-ticket').inputValue()).toBe('4711');
    expect(await page.getByTestId('disable-reason').inputValue()).toBe('Verified request from the support mailbox');
    await page.getByTestId('disable-confirm').click();
    await page.getByTestId('disable-done').waitFor();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Off');
    const [notice] = await desk.smtp.waitForMessages(
      (m) => m.to?.[0]?.address === mia.login && m.subject === 'MFA was turned off on your account',
    );
    expect(notice).toBeDefined();
    expect(await page.getByTestId('incoming-work-done').count()).toBe(1);

    // Done on the server: the queue keeps only the look-alike.
    await page.getByTestId('incoming-link').click();
    await expect.poll(() => page.getByTestId('incoming-count').textContent(), SOON).toBe('1');
    await expect.poll(() => rowOf(mia.login).count(), SOON).toBe(0);
  });

  it('refuses politely a request another agent holds, and flags a look-alike that cannot be disabled', async () => {
    const { page } = harness;
    const lookalike = rowOf(noah.login);
    const id = await lookalike.getAttribute('data-id');
    expect((await otherAgent.post(`/admin/v1/incoming/${id}/claim`, {})).status).toBe(200);
    // The claim made elsewhere shows on the row by itself, without a Refresh.
    await expect.poll(() => lookalike.getByTestId('incoming-claimed').textContent(), SOON).toBe(otherAgentEmail);
    await lookalike.getByTestId('incoming-open').click();
    await expect
      .poll(() => page.getByTestId('incoming-refused').textContent(), SOON)
      .toContain(`${otherAgentEmail} is working on this request`);
    await expect.poll(() => lookalike.getByTestId('incoming-claimed').textContent()).toBe(otherAgentEmail);
    await harness.checkScreen('incoming, claimed by another agent');
    expect((await otherAgent.post(`/admin/v1/incoming/${id}/release`, {})).status).toBe(200);

    await lookalike.getByTestId('incoming-open').click();
    await page.getByTestId('disable-request-panel').waitFor();
    await expect.poll(() => page.getByTestId('verdict').textContent(), SOON).toMatch(/^Look-alike/);
    expect(await page.getByTestId('incoming-lookalike-why').textContent()).toContain('MFA cannot be disabled on this request');
    expect(await page.getByTestId('disable-button').count()).toBe(0);
    expect(await page.getByTestId('escalate-button').count()).toBe(1);
    await harness.checkScreen('incoming look-alike opened');

    await page.locator('[data-testid="incoming-reply"][data-template="send_from_login"]').click();
    await page.getByTestId('incoming-replied').waitFor();
    // The answer goes to the real login, from the support address, in the request's thread — never to the look-alike.
    const [reply] = await desk.smtp.waitForMessages((m) => m.subject === 'Re: Turn off MFA [#4712]');
    expect(reply!.to?.[0]?.address).toBe(noah.login);
    expect(reply!.from?.address).toBe(SUPPORT_ADDRESS);
    expect(reply!.inReplyTo).toBeTruthy();

    await page.getByTestId('incoming-release').click();
    await expect.poll(() => page.getByTestId('incoming-work-claim').textContent()).toContain('Nobody holds this request');
  });

  it('sets a bounce aside, listed with its reason under its own filter', async () => {
    const { page } = harness;
    await page.getByTestId('incoming-link').click();
    await dovecot.append(desk.lab.message({ from: 'MAILER-DAEMON@mx.corp.example', subject: 'Undelivered Mail Returned to Sender' }));
    // Nothing waits on a bounce, so nothing announces it: the filter is opened once the backend has read it.
    const setAside = async () => (await admin.get('/admin/v1/incoming', { params: { status: 'set_aside' } })).data.items.length;
    await expect.poll(setAside, SOON).toBe(1);
    await page.getByTestId('incoming-filter-set_aside').click();
    const bounce = page.getByTestId('incoming-row').filter({ hasText: 'Bounce' });
    await expect.poll(() => bounce.count(), SOON).toBe(1);
    expect(await bounce.getAttribute('data-status')).toBe('set_aside');
    expect(await bounce.getByTestId('incoming-reason').textContent()).toBe('Bounce (mailer-daemon or empty return path)');
    // A bounce is nobody's request: the waiting count is unchanged.
    expect(await page.getByTestId('incoming-count').textContent()).toBe('1');
    await harness.checkScreen('incoming, set aside');
  });

  it('lists a sender who is no account as unmatched, claimed and answered on the queue itself', async () => {
    const { page } = harness;
    await dovecot.append(desk.lab.message({ from: 'stranger@elsewhere.example', subject: 'Switch off my MFA [#4713]' }));
    await page.getByTestId('incoming-filter-unmatched').click();
    const unmatched = page.getByTestId('incoming-row').filter({ hasText: 'stranger@elsewhere.example' });
    // It waits for an agent: the count moves, and the list follows it without a Refresh.
    await expect.poll(() => page.getByTestId('incoming-count').textContent(), SOON).toBe('2');
    await unmatched.waitFor(SOON);
    expect(await unmatched.getByTestId('incoming-account').textContent()).toBe('No account with this login');
    await unmatched.getByTestId('incoming-open').click();
    await page.getByTestId('incoming-work').waitFor();
    await page.locator('[data-testid="incoming-reply"][data-template="send_from_login"]').click();
    await page.getByTestId('incoming-replied').waitFor();
    await harness.checkScreen('incoming, unmatched request answered');
    const [reply] = await desk.smtp.waitForMessages((m) => m.subject === 'Re: Switch off my MFA [#4713]');
    expect(reply!.to?.[0]?.address).toBe('stranger@elsewhere.example');
    await page.getByTestId('incoming-release').click();
    await page.getByTestId('incoming-work').waitFor({ state: 'hidden' });
  });
});
