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

/**
 * The WCAG 2.1 A/AA and best-practice violations inside `selector` (the whole page by default). axe is
 * evaluated over the debugging protocol, which the page's CSP (no inline script, no eval) does not govern.
 */
export async function accessibilityViolations(page: Page, selector = 'body'): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] };
  return page.evaluate<Violation[]>(
    `axe.run(${JSON.stringify(selector)}, ${JSON.stringify(options)}).then((results) =>
      results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.flatMap((n) => n.target) })))`,
  );
}
