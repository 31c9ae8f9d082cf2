/** The console's settings file: defaults, settings that survive a restart, and a damaged file ignored whole. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../../src-main/services/settingsStore.js';

const DEFAULTS = { backend: { mode: 'embedded' }, notifications: true, language: null };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, 'settings.json');

describe('the console settings file', () => {
  it('starts on the embedded backend, notifications on, the computer’s language, when there is no file', () => {
    expect(new SettingsStore(dir).get()).toEqual(DEFAULTS);
  });

  it('keeps a backend choice across a restart, in a file only its owner reads', () => {
    new SettingsStore(dir).setBackend({ mode: 'remote', url: 'https://mfa.example.com' });
    expect(new SettingsStore(dir).get()).toEqual({ ...DEFAULTS, backend: { mode: 'remote', url: 'https://mfa.example.com' } });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('keeps notifications turned off across a restart', () => {
    new SettingsStore(dir).setNotifications(false);
    expect(new SettingsStore(dir).get().notifications).toBe(false);
  });

  it('hands out copies: changing what get() returned changes nothing stored', () => {
    const store = new SettingsStore(dir);
    const settings = store.get();
    settings.backend = { mode: 'remote', url: 'https://elsewhere.example' };
    expect(store.get()).toEqual(DEFAULTS);
  });

  it.each([
    // An unreadable file is the same as none (first start); a readable but wrong one is worth a log line.
    ['not JSON', '{ backend: ', []],
    ['not an object', '"remote"', [expect.stringContaining('its settings are not valid')]],
    ['null', 'null', [expect.stringContaining('its settings are not valid')]],
    ['an unknown mode', JSON.stringify({ backend: { mode: 'cloud' } }), [expect.stringContaining('its settings are not valid')]],
    [
      'a URL that is not http(s)',
      JSON.stringify({ backend: { mode: 'remote', url: 'file:///etc/passwd' } }),
      [expect.stringContaining('its settings are not valid')],
    ],
    [
      'an extra key',
      JSON.stringify({ backend: { mode: 'embedded', token: 'x' } }),
      [expect.stringContaining('its settings are not valid')],
    ],
    [
      'notifications that are not true or false',
      JSON.stringify({ backend: { mode: 'embedded' }, notifications: 'yes' }),
      [expect.stringContaining('its settings are not valid')],
    ],
  ])('ignores a file that is %s, with the defaults instead of half of it', (_case, text, logLines) => {
    writeFileSync(file(), text);
    const logged: string[] = [];
    expect(new SettingsStore(dir, (line) => logged.push(line)).get()).toEqual(DEFAULTS);
    expect(readFileSync(file(), 'utf8')).toBe(text);
    expect(logged).toEqual(logLines);
  });
});

describe("the console's settings: the agent's language", () => {
  it('follows the computer (null) until chosen, then keeps the choice across restarts, beside the backend', () => {
    const store = new SettingsStore(dir);
    expect(store.get().language).toBeNull();
    store.setBackend({ mode: 'remote', url: 'https://mfa.example.com' });
    store.setLanguage('de');
    const reopened = new SettingsStore(dir);
    expect(reopened.get()).toEqual({ backend: { mode: 'remote', url: 'https://mfa.example.com' }, notifications: true, language: 'de' });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    reopened.setLanguage(null);
    expect(JSON.parse(readFileSync(file(), 'utf8')).language).toBeNull();
  });

  it('ignores a language it does not speak, with a log line, and keeps the backend from the same file', () => {
    writeFileSync(file(), JSON.stringify({ backend: { mode: 'embedded' }, language: 'xx' }));
    const lines: string[] = [];
    const store = new SettingsStore(dir, (line) => lines.push(line));
    expect(store.get()).toEqual(DEFAULTS);
    expect(lines.join()).toContain('"xx"');
  });

  it('reads a file written before languages and notifications existed', () => {
    writeFileSync(file(), JSON.stringify({ backend: { mode: 'embedded' } }));
    const lines: string[] = [];
    expect(new SettingsStore(dir, (line) => lines.push(line)).get()).toEqual(DEFAULTS);
    expect(lines).toEqual([]);
  });
});
