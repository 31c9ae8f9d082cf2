import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_ORIGIN, CONSOLE_PAGE_URL, isConsolePage, rendererFile } from '../../../../src-main/chromiumShell/consolePage.js';

const root = path.resolve('/opt/desk/out/renderer');

describe('serving the built renderer by interception', () => {
  it('maps console URLs to files inside the renderer folder', () => {
    expect(rendererFile(root, `${CONSOLE_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(rendererFile(root, `${CONSOLE_ORIGIN}/assets/index-abc.js?v=1`)).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('never names a file outside it, however the path is spelled', () => {
    for (const url of [
      `${CONSOLE_ORIGIN}/../../etc/passwd`,
      `${CONSOLE_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      `${CONSOLE_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`,
      `${CONSOLE_ORIGIN}/assets/..%5c..%5cetc%5cpasswd`,
    ]) {
      const file = rendererFile(root, url);
      expect(file === null || file.startsWith(root + path.sep), `${url} → ${file}`).toBe(true);
    }
    expect(rendererFile(root, `${CONSOLE_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`)).toBeNull();
  });

  it('serves nothing for another origin or a malformed path', () => {
    for (const url of [`${CONSOLE_ORIGIN}/%E0%A4%A`, 'https://attacker.example/index.html', 'http://console.mfa-desk.invalid/index.html']) {
      expect(rendererFile(root, url), url).toBeNull();
    }
  });
});

describe('which page may call the bridge', () => {
  it('is exactly the console page, whatever route it shows', () => {
    expect(isConsolePage(CONSOLE_PAGE_URL)).toBe(true);
    expect(isConsolePage(`${CONSOLE_PAGE_URL}#/accounts/123`)).toBe(true);
  });

  it('is no other page, file or origin', () => {
    for (const url of [
      `${CONSOLE_ORIGIN}/other.html`,
      `${CONSOLE_PAGE_URL}?x=1`,
      `${CONSOLE_ORIGIN}/`,
      'about:blank',
      'file:///opt/desk/out/renderer/index.html',
      'https://console.mfa-desk.invalid.attacker.example/index.html',
    ]) {
      expect(isConsolePage(url), url).toBe(false);
    }
  });
});
