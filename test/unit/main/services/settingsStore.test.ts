/** The console's settings file: defaults, a setting that survives a restart, and a damaged file ignored whole. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../../src-main/services/settingsStore.js';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-settings-'));
  folders.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the console settings file', () => {
  it('starts on the embedded backend when there is no file', () => {
    expect(new SettingsStore(folder()).get()).toEqual({ backend: { mode: 'embedded' } });
  });

  it('keeps a backend choice across a restart, in a file only its owner reads', () => {
    const dir = folder();
    new SettingsStore(dir).setBackend({ mode: 'remote', url: 'https://mfa.example.com' });
    expect(new SettingsStore(dir).get()).toEqual({ backend: { mode: 'remote', url: 'https://mfa.example.com' } });
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('hands out copies: changing what get() returned changes nothing stored', () => {
    const store = new SettingsStore(folder());
    const settings = store.get();
    settings.backend = { mode: 'remote', url: 'https://elsewhere.example' };
    expect(store.get()).toEqual({ backend: { mode: 'embedded' } });
  });

  it.each([
    // An unreadable file is the same as none (first start); a readable but wrong one is worth a log line.
    ['not JSON', '{ backend: ', []],
    ['not an object', '"remote"', [expect.stringContaining('its backend setting is not valid')]],
    ['null', 'null', [expect.stringContaining('its backend setting is not valid')]],
    ['an unknown mode', JSON.stringify({ backend: { mode: 'cloud' } }), [expect.stringContaining('its backend setting is not valid')]],
    [
      'a URL that is not http(s)',
      JSON.stringify({ backend: { mode: 'remote', url: 'file:///etc/passwd' } }),
      [expect.stringContaining('its backend setting is not valid')],
    ],
    [
      'an extra key',
      JSON.stringify({ backend: { mode: 'embedded', token: 'x' } }),
      [expect.stringContaining('its backend setting is not valid')],
    ],
  ])('ignores a file that is %s, with the defaults instead of half of it', (_case, text, logLines) => {
    const dir = folder();
    writeFileSync(path.join(dir, 'settings.json'), text);
    const logged: string[] = [];
    expect(new SettingsStore(dir, (line) => logged.push(line)).get()).toEqual({ backend: { mode: 'embedded' } });
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(text);
    expect(logged).toEqual(logLines);
  });
});
