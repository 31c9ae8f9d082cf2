import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../../src-main/services/settingsStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, 'settings.json');

describe("the console's settings: the agent's language", () => {
  it('follows the computer (null) until chosen, then keeps the choice across restarts, beside the backend', () => {
    const store = new SettingsStore(dir);
    expect(store.get().language).toBeNull();
    store.setBackend({ mode: 'remote', url: 'https://mfa.example.com' });
    store.setLanguage('de');
    const reopened = new SettingsStore(dir);
    expect(reopened.get()).toEqual({ backend: { mode: 'remote', url: 'https://mfa.example.com' }, language: 'de' });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    reopened.setLanguage(null);
    expect(JSON.parse(readFileSync(file(), 'utf8')).language).toBeNull();
  });

  it('ignores a language it does not speak, with a log line, and keeps the backend from the same file', () => {
    writeFileSync(file(), JSON.stringify({ backend: { mode: 'embedded' }, language: 'xx' }));
    const lines: string[] = [];
    const store = new SettingsStore(dir, (line) => lines.push(line));
    expect(store.get()).toEqual({ backend: { mode: 'embedded' }, language: null });
    expect(lines.join()).toContain('"xx"');
  });

  it('reads a file written before languages existed', () => {
    writeFileSync(file(), JSON.stringify({ backend: { mode: 'embedded' } }));
    const lines: string[] = [];
    expect(new SettingsStore(dir, (line) => lines.push(line)).get().language).toBeNull();
    expect(lines).toEqual([]);
  });
});
