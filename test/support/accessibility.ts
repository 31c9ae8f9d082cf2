/** axe-core in a console page: the accessibility rules every screen the e2e tests visit must pass. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  help: string;
  targets: string[];
}

export type ColourScheme = 'light' | 'dark';
export const COLOUR_SCHEMES: readonly ColourScheme[] = ['light', 'dark'];

/**
 * The WCAG 2.1 A/AA and best-practice violations inside `selector`, or on the whole page by default — only
 * then does axe apply its page rules too (one level-one heading, landmarks). axe is evaluated over the
 * debugging protocol, which the page's CSP (no inline script, no eval) does not govern.
 */
export async function accessibilityViolations(page: Page, selector?: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] };
  const context = selector === undefined ? 'document' : JSON.stringify(selector);
  return page.evaluate<Violation[]>(
    `axe.run(${context}, ${JSON.stringify(options)}).then((results) =>
      results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.flatMap((n) => n.target) })))`,
  );
}

/**
 * Waits until the page is painted as it will stay: two frames for Vue to render what changed, then every
 * finite animation and transition (a dialog opening, naive-ui's colour transitions after a theme switch) at
 * its end. axe reads colours as painted, so a half-faded colour would be a false finding. Spinners and
 * other endless animations are not waited for.
 */
export async function settled(page: Page): Promise<void> {
  // Strings, not functions: the test code is compiled without the DOM's types.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
      .map((animation) => animation.finished.catch(() => undefined)))`);
}

/**
 * What axe audits on the screen now: an open modal dialog when there is one (the page behind it is inert
 * and seen through the modal's mask, so its colours there are not the page's), otherwise the whole page.
 */
async function auditedPart(page: Page): Promise<string | undefined> {
  const modal = page.locator('[role="dialog"][aria-modal="true"]:visible');
  return (await modal.count()) > 0 ? '[role="dialog"][aria-modal="true"]' : undefined;
}

/** Switches the page's `prefers-color-scheme`, which the console's theme follows, and waits for the repaint. */
export async function useColourScheme(page: Page, scheme: ColourScheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(`matchMedia('(prefers-color-scheme: dark)').matches === ${scheme === 'dark'}`);
  await settled(page);
}

/** Readable findings: one line per rule, with the elements it found. */
export function describeViolations(screen: string, scheme: ColourScheme, violations: Violation[]): string {
  const lines = violations.map((v) => `  ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`);
  return `axe found ${violations.length} violation(s) on "${screen}" (${scheme} theme):\n${lines.join('\n')}`;
}

/**
 * The accessibility gate: the screen as it is now, in the light and in the dark theme, with no axe
 * violation at all. Throws naming the screen, the theme and each finding. Leaves the page in the theme it
 * found it in.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const initial: ColourScheme = (await page.evaluate<boolean>(`matchMedia('(prefers-color-scheme: dark)').matches`)) ? 'dark' : 'light';
  const order = [initial, ...COLOUR_SCHEMES.filter((s) => s !== initial)];
  const findings: string[] = [];
  for (const scheme of order) {
    if (scheme !== initial) await useColourScheme(page, scheme);
    await settled(page);
    const violations = await accessibilityViolations(page, await auditedPart(page));
    if (violations.length > 0) findings.push(describeViolations(screen, scheme, violations));
  }
  if (order.length > 1) await useColourScheme(page, initial);
  if (findings.length > 0) throw new Error(findings.join('\n'));
}
