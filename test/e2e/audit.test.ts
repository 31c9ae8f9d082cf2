/**
 * The Audit area end to end, against a real demo backend: an auditor signs in through the console's
 * form, reads the report as charts whose figures match the backend's, pages through the accounts behind
 * each gap and opens a locked one, sees no support actions, exports the log and checks the file with the
 * offline verifier, scrolls a large log that stays virtualised, and sees verify name the event tampered
 * with in the database.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { AxiosInstance } from 'axios';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailsHashOf, eventHash, GENESIS_HASH } from '../../src-server/domain/audit/chain.js';
import type { MfaReport } from '../../src-shared/auditApi.js';
import { startBackend, type TestBackend } from '../support/backend.js';
import { startConsole, type ConsoleHarness, signInThroughForm } from './harness.js';

const run = promisify(execFile);
/** Events added on top of the demo's own, so the log is long enough to need virtualising and paging. */
const EXTRA_EVENTS = 20_000;

let backend: TestBackend;
let harness: ConsoleHarness;
let auditorHttp: AxiosInstance;
type DemoAgent = { email: string; password: string; role: string; totpSecret: string };
let auditor: DemoAgent;

/** Appends sign-in events in bulk, chained exactly as the backend chains them. */
async function appendSignIns(count: number) {
  const db = backend.store.db;
  const accounts = await db.selectFrom('accounts').select(['id', 'login']).limit(200).execute();
  const last = await db.selectFrom('auditEvents').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const start = backend.clock.now().getTime() - count * 1000;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < count; i += 500) {
      const batch = [];
      for (let k = i; k < Math.min(count, i + 500); k++) {
        const account = accounts[k % accounts.length]!;
        const row = {
          at: new Date(start + k * 1000).toISOString(),
          actorType: 'user' as const,
          actorId: account.id,
          actorLabel: account.login,
          action: 'user.login.succeeded',
          accountId: account.id,
          accountLogin: account.login,
          reason: null,
          ticketRef: null,
          details: '{}',
          detailsHash: detailsHashOf('{}'),
          prevHash,
        };
        const hash = eventHash(row);
        batch.push({ ...row, hash });
        prevHash = hash;
      }
      await tx.insertInto('auditEvents').values(batch).execute();
    }
  });
}

const signIn = (who: { email: string; password: string; totpSecret: string }) => signInThroughForm(harness, backend, who);

const rowCount = (page: Page) =>
  page
    .getByTestId('audit-log-table')
    .getAttribute('aria-rowcount')
    .then((n) => Number(n) - 1);

/**
 * Waits until the charts show the same picture on three reads in a row: Chart.js's entry animation is over,
 * so a screenshot shows them as they stay. (Read with evaluateAll: the console's CSP refuses string scripts.)
 */
async function chartsAtRest(page: Page) {
  const canvases = page.locator('[data-testid^="chart-"] canvas');
  const picture = () => canvases.evaluateAll((list) => list.map((c) => (c as unknown as { toDataURL(): string }).toDataURL()).join());
  let last = '';
  let unchanged = 0;
  await expect
    .poll(
      async () => {
        const now = await picture();
        unchanged = now === last ? unchanged + 1 : 0;
        last = now;
        return unchanged;
      },
      { interval: 50 },
    )
    .toBeGreaterThanOrEqual(2);
}

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  auditor = backend.demo!.agents.find((a) => a.role === 'auditor')!;
  await appendSignIns(EXTRA_EVENTS);
  auditorHttp = await backend.agentHttp(auditor);
  harness = await startConsole({ remoteUrl: backend.url });
  await signIn(auditor);
}, 120_000);
afterAll(async () => {
  await harness?.close();
  await backend?.close();
});

describe('an auditor in the Audit area', () => {
  it('reads the report as three charts, with the backend’s own figures', async () => {
    const { page } = harness;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-report').waitFor();
    const truth = (await auditorHttp.get<MfaReport>('/admin/v1/reports/mfa')).data;
    for (const id of ['chart-coverage', 'chart-departments', 'chart-coverage-series']) {
      const canvas = page.getByTestId(id).locator('canvas');
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(100);
      // Chart.js sized its drawing buffer: something was drawn at the element's size.
      const pixels = await canvas.evaluate((c) => {
        const { width, height } = c as unknown as { width: number; height: number };
        return width * height;
      });
      expect(pixels).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('report-total-accounts').textContent()).toBe(
      new Intl.NumberFormat('en-US').format(truth.totals.accounts),
    );
    expect(await page.getByTestId('report-coverage').textContent()).toBe(`${(truth.totals.coverage * 100).toFixed(1)}%`);
    expect(truth.totals.accounts).toBeGreaterThan(0);
    // The role's tabs only: no agent management, no personal-data export for an auditor.
    expect(await page.getByTestId('audit-tab-report').count()).toBe(1);
    expect(await page.getByTestId('audit-tab-log').count()).toBe(1);
    expect(await page.getByTestId('audit-tab-agents').count()).toBe(0);
    expect(await page.getByTestId('audit-tab-subject-access').count()).toBe(0);
    await chartsAtRest(page);
    await harness.screenshot('audit-report-auditor');
  });

  it('lists the accounts behind the gaps a page at a time, and opens a locked one', async () => {
    const { page } = harness;
    const truth = (await auditorHttp.get<MfaReport>('/admin/v1/reports/mfa')).data;
    const { off, locked } = truth.totals.byState;
    expect(off).toBeGreaterThan(50);
    expect(locked).toBeGreaterThan(0);
    const count = new Intl.NumberFormat('en-US');
    const table = page.getByTestId('gap-lists').getByTestId('gap-table');
    const loaded = () => table.getAttribute('aria-rowcount').then((n) => Number(n) - 1);

    // No MFA: the first page only, then one more page on request.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-tab-report').click();
    await page.getByTestId('gap-lists').waitFor();
    expect((await page.getByTestId('gap-tab-no_mfa').textContent())!.trim()).toBe(`No MFA (${count.format(off)})`);
    await page.getByTestId('gap-tab-no_mfa').click();
    await expect.poll(loaded).toBe(50);
    await page.getByTestId('gap-load-more').click();
    await expect.poll(loaded).toBe(Math.min(100, off));
    // Virtualised: the rows in the DOM are the ones in view, not every one loaded.
    expect(await page.getByTestId('gap-row').count()).toBeLessThan(Math.min(100, off));

    // Locked: every locked account the backend counts, however many pages that takes.
    await page.getByTestId('gap-tab-locked').click();
    await expect.poll(() => page.getByTestId('gap-tab-locked').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('gap-row').first().textContent()).toContain('Locked');
    while (await page.getByTestId('gap-load-more').isVisible()) {
      const before = await loaded();
      await page.getByTestId('gap-load-more').click();
      await expect.poll(loaded).toBeGreaterThan(before);
    }
    await expect.poll(loaded).toBe(locked);
    await page.getByTestId('gap-lists').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await harness.screenshot('audit-gaps');

    const row = page.getByTestId('gap-row').first();
    const accountId = (await row.getAttribute('data-account-id'))!;
    const login = (await row.getByRole('cell').nth(1).textContent())!.trim();
    await row.click();
    await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
    expect(page.url()).toContain(`/accounts/${accountId}`);
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toBe('Locked');

    // Back on the report, the gap last looked at is still the one shown.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('gap-lists').waitFor();
    expect(await page.getByTestId('gap-tab-locked').getAttribute('aria-selected')).toBe('true');
  });

  it('opens an account from the log and is offered no support action', async () => {
    const { page } = harness;
    await page.getByTestId('audit-tab-log').click();
    await page.getByTestId('audit-row').first().waitFor();
    const link = page.getByTestId('audit-row-account').first();
    const login = (await link.textContent())!.trim();
    await link.click();
    await page.getByTestId('account-view').filter({ hasText: login }).waitFor();
    await page.getByTestId('mfa-state').waitFor();
    for (const id of ['disable-button', 'new-phone-button', 'disable-request-panel', 'escalate-button']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.getByTestId('escalations-link').count()).toBe(0);
    await harness.screenshot('audit-account-auditor');
  });

  it('exports the log as JSON Lines with progress, and the file passes the offline verifier', async () => {
    const { page } = harness;
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-tab-log').click();
    await page.getByTestId('audit-export-jsonl').click();
    // The job starts as "running", so the bar shows at least until the first poll, whatever the disk's speed.
    await page.getByTestId('audit-export-progress').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('audit-export-cancel').isVisible()).toBe(true);
    await page.getByTestId('audit-export-done').waitFor({ timeout: 60_000 });
    const file = (await page.getByTestId('audit-export-path').textContent())!.trim();
    expect(file.startsWith(harness.dataDir)).toBe(true);
    expect(existsSync(file)).toBe(true);
    await harness.screenshot('audit-export-done');
    // "Show in folder" asks main to open the very file it wrote.
    await page.getByTestId('audit-export-reveal').click();
    await expect.poll(() => harness.revealed).toEqual([file]);
    const { stdout } = await run('npx', ['tsx', 'scripts/verify-audit-export.ts', file], { cwd: process.cwd() });
    expect(stdout).toMatch(/intact/i);
  }, 120_000);

  it('scrolls a long log with only a window of rows in the DOM, loading pages as it goes', async () => {
    const { page } = harness;
    const scroller = page.getByTestId('audit-log-table').locator('.log__scroller');
    expect(await rowCount(page)).toBe(500);
    for (let i = 0; i < 6; i++) {
      const before = await rowCount(page);
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect.poll(() => rowCount(page)).toBeGreaterThan(before);
    }
    const loaded = await rowCount(page);
    expect(loaded).toBeGreaterThanOrEqual(3500);
    const inDom = await page.getByTestId('audit-row').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(80);
    // The rows in the DOM are the ones in view: near the end of what is loaded, oldest seq numbers.
    const seqs = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    const newest = Number(
      (
        await backend.store.db
          .selectFrom('auditEvents')
          .select((eb) => eb.fn.max('seq').as('max'))
          .executeTakeFirstOrThrow()
      ).max,
    );
    expect(Math.max(...seqs)).toBeLessThan(newest - 2500);
    await harness.screenshot('audit-log-scrolled');
  });

  it('verifies the chain, then names the event tampered with in the database', async () => {
    const { page } = harness;
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Intact: [\d,]+ events checked, the chain is unbroken/);
    await harness.screenshot('audit-verify-intact');

    const target = await backend.store.db
      .selectFrom('auditEvents')
      .select('seq')
      .where('action', '=', 'user.mfa.locked')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    const seq = Number(target.seq);
    await backend.store.db.updateTable('auditEvents').set({ reason: 'tampered' }).where('seq', '=', seq).execute();
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain(`Broken at event #${seq}: its content was changed`);
    await harness.screenshot('audit-verify-broken');
  });
});

describe('an admin in the Audit area', () => {
  it('manages agents (never their own MFA) and exports one person’s data', async () => {
    const { page } = harness;
    const admin = backend.demo!.agents.find((a) => a.role === 'admin')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(admin);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-tab-agents').click();
    await page.getByTestId('agents-table').waitFor();
    expect(await page.getByTestId('agent-row').count()).toBe(backend.demo!.agents.length);
    const own = page.getByTestId('agent-row').filter({ hasText: admin.email });
    expect(await own.getByTestId('agent-reset-mfa').count()).toBe(0);
    const other = page.getByTestId('agent-row').filter({ hasText: auditor.email });
    expect(await other.getByTestId('agent-reset-mfa').count()).toBe(1);
    await harness.screenshot('audit-agents-admin');

    await page.getByTestId('audit-tab-subject-access').click();
    const person = backend.demo!.users[0]!;
    await page.getByTestId('subject-search').fill(person.email);
    await page.getByTestId('subject-result').filter({ hasText: person.email }).first().click();
    await page.getByTestId('subject-access-export').click();
    const done = page.getByTestId('subject-access-done');
    await done.waitFor();
    expect(await done.textContent()).toContain(harness.dataDir);
    await harness.screenshot('audit-subject-access');
  });
});
