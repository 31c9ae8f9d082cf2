/** The README's settings tables, made from the tables that parse the settings. */
import { CONSOLE_ENVIRONMENT } from '../src-main/environment.js';
import { SERVER_SETTINGS } from '../src-server/config.js';
import { settingsMarkdown, type SettingTable } from '../src-shared/settings.js';

export const README_TABLES: Record<string, { header: string[]; table: SettingTable }> = {
  backend: { header: ['flag', 'environment', 'default', 'meaning'], table: SERVER_SETTINGS },
  console: { header: ['environment', 'default', 'meaning'], table: CONSOLE_ENVIRONMENT },
};

/** The table's rows as cells; columns that are empty for every entry (the console has no flags) are left out. */
export function tableRows(name: string): string[][] {
  const { header, table } = README_TABLES[name] ?? { header: [], table: {} };
  const rows = settingsMarkdown(table).map((row) => (header.length === 3 ? row.slice(1) : row));
  return [header, ...rows];
}

const markers = (name: string) => [`<!-- settings:${name} -->`, `<!-- /settings:${name} -->`] as const;

/** The README text with the named table between its markers replaced. */
export function replaceTable(readme: string, name: string): string {
  const [open, close] = markers(name);
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README.md has no ${open} … ${close} markers.`);
  const [header, ...rows] = tableRows(name);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const body = [line(header ?? []), line((header ?? []).map(() => '---')), ...rows.map(line)].join('\n');
  return `${readme.slice(0, start + open.length)}\n\n${body}\n\n${readme.slice(end)}`;
}

/** The rows of the named table as the README has them (cells trimmed). */
export function readmeRows(readme: string, name: string): string[][] {
  const [open, close] = markers(name);
  const section = readme.slice(readme.indexOf(open) + open.length, readme.indexOf(close));
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
}
