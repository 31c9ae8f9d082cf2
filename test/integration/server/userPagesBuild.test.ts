/**
 * The end-user pages as built from src-user-pages (the integration setup builds them as npm run build
 * does): every file of the build is served, a module under its JavaScript type and with no module of its
 * own missing, and nothing outside the build is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserPagesFolder, USER_PAGES_CSP } from '../../../src-server/routes/user/pages.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let folder: string;

beforeAll(async () => {
  backend = await startBackend();
  const found = findUserPagesFolder();
  if (!found) throw new Error('the user pages were not built');
  folder = found;
});
afterAll(() => backend.close());

const get = (url: string) => backend.http.get<string>(url, { responseType: 'text', transformResponse: [(d: unknown) => d] });

describe('the built end-user pages', () => {
  it('are all served, each module with every module it imports', async () => {
    const built = readdirSync(folder).filter((name) => !name.endsWith('.html'));
    expect(built).toEqual(expect.arrayContaining(['account.css', 'account.js', 'enrol.js']));
    for (const name of built) {
      const res = await get(`/account/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.data, name).toBe(readFileSync(path.join(folder, name), 'utf8'));
      expect(res.headers['content-type'], name).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      for (const [, imported] of res.data.matchAll(/from\s+"\.\/([^"]+)"/g))
        expect(built, `${name} imports ${imported}`).toContain(imported);
    }
  });

  it('name only scripts of their own, with no inline script for the CSP to refuse', async () => {
    for (const url of ['/account', '/account/enrol']) {
      const res = await get(url);
      expect(res.headers['content-security-policy']).toBe(USER_PAGES_CSP);
      const scripts = [...res.data.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, url).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes, url).toMatch(/src="\/account\/assets\/[a-zA-Z]+\.js"/);
        expect(body?.trim(), url).toBe('');
      }
    }
  });

  it('serve nothing else from the folder', async () => {
    for (const name of ['account.html', 'account.ts', '..%2Fserver.js', 'missing.js'])
      expect((await get(`/account/assets/${name}`)).status, name).toBe(404);
  });
});
