/**
 * `npm run docs:settings`: writes the README's settings tables from the tables that parse the settings
 * (src-server/config.ts SERVER_SETTINGS, src-main/environment.ts CONSOLE_ENVIRONMENT), between the
 * `<!-- settings:NAME -->` … `<!-- /settings:NAME -->` markers. test/unit/shared/settings.test.ts fails
 * when the README and the tables disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { README_TABLES, replaceTable } from './settingsTables.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
let text = readFileSync(readme, 'utf8');
for (const name of Object.keys(README_TABLES)) text = replaceTable(text, name);
writeFileSync(readme, await format(text, { ...(await resolveConfig(readme)), filepath: readme }));
console.log('README settings tables written.');
