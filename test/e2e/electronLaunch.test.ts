import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** The path of the Electron binary, or null where it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronBinary();

describe('the real Electron app', () => {
  it.skipIf(!binary)(
    'launches, opens its window and signs in on the embedded backend (skipped: no Electron binary on this machine)',
    async () => {
      const app = await electron.launch({
        executablePath: binary!,
        args: ['.'],
        env: { ...process.env, npm_node_execpath: process.execPath },
      });
      try {
        const window = await app.firstWindow();
        expect(await window.title()).toBe('MFA Desk');
        await window.getByTestId('signed-in-agent').waitFor({ timeout: 60_000 });
        // No Node in the page: neither require nor process exist there.
        expect(
          await window.evaluate(() => [
            typeof (globalThis as { require?: unknown }).require,
            typeof (globalThis as { process?: unknown }).process,
          ]),
        ).toEqual(['undefined', 'undefined']);
      } finally {
        await app.close();
      }
    },
  );
});
