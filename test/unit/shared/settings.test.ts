import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_TABLES, readmeRows, tableRows } from '../../../scripts/settingsTables.js';
import { ConfigError, readSettings, setting, settingText, whole } from '../../../src-shared/settings.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('settings declared once', () => {
  for (const name of Object.keys(README_TABLES)) {
    it(`the README's ${name} table is the one the settings table makes (npm run docs:settings)`, () => {
      expect(readmeRows(readme, name)).toEqual(tableRows(name));
    });
  }

  it('every backend and console variable in the README is in a table', () => {
    const documented = new Set(Object.values(README_TABLES).flatMap(({ table }) => Object.values(table).map((s) => s.env)));
    for (const variable of ['MFA_DESK_USER_PAGES', 'MFA_DESK_NODE', 'MFA_DESK_METRICS_PORT', 'MFA_DESK_BROWSER'])
      expect(documented).toContain(variable);
  });
});

describe('reading a table', () => {
  const table = {
    days: setting({ flag: 'days', env: 'DAYS', shownDefault: '`3`', meaning: 'days', read: whole(3) }),
    quiet: setting({ flag: 'quiet', switch: true, shownDefault: 'off', meaning: 'quiet', read: (v: string | undefined) => v === 'on' }),
  };

  it('takes the flag over the environment, and the default when neither is set', () => {
    expect(readSettings(table, { days: '5' }, { DAYS: '9' })).toEqual({ days: 5, quiet: false });
    expect(readSettings(table, {}, { DAYS: '9' }).days).toBe(9);
    expect(readSettings(table, {}, {}).days).toBe(3);
    expect(readSettings(table, { quiet: true }, {}).quiet).toBe(true);
  });

  it('stops with a sentence naming the setting', () => {
    expect(() => readSettings(table, {}, { DAYS: 'soon' })).toThrow(new ConfigError('DAYS must be a whole number, not "soon".'));
    expect(() => settingText(table.days, { days: true }, {})).toThrow('--days needs a value.');
    expect(() => settingText(table.quiet, { quiet: 'yes' }, {})).toThrow('--quiet takes no value.');
  });
});
