/**
 * The console's starting bundle (issue §7), read from the built renderer (`npm run build` first) and its
 * Vite manifest: the JavaScript the page loads before its first screen — index.html's module script, the
 * chunks it imports, and the language pack main.ts loads before mounting (each language's own figure) —
 * raw and gzipped, against the target of 150 KB gzip; then the largest chunks loaded later.
 *   npx tsx bench/rendererBundle.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_LANGUAGES } from '../src-shared/consoleLanguages.js';

const TARGET_KB = 150;
const root = 'out/renderer';
const manifestPath = path.join(root, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) throw new Error(`No ${manifestPath}: run npm run build first.`);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, { file: string; imports?: string[] }>;

/** A manifest entry's file and every chunk it imports statically, transitively. */
function withImports(key: string, found = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the renderer's manifest`);
  if (!found.has(chunk.file)) {
    found.add(chunk.file);
    for (const imported of chunk.imports ?? []) withImports(imported, found);
  }
  return found;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = new Map(
  readdirSync(path.join(root, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file): [string, { raw: number; gzip: number }] => {
      const bytes = readFileSync(path.join(root, 'assets', file));
      return [`assets/${file}`, { raw: bytes.length, gzip: gzipSync(bytes).length }];
    }),
);
const total = (files: Iterable<string>, key: 'raw' | 'gzip') => [...files].reduce((sum, file) => sum + (sizes.get(file)?.[key] ?? 0), 0);
const line = (label: string, file: string) => {
  const size = sizes.get(file);
  return size ? `  ${label.padEnd(14)}${file.padEnd(48)} ${kb(size.gzip).padStart(9)} gzip ${kb(size.raw).padStart(10)} raw` : '';
};

const shell = withImports('index.html');
console.log(`\nConsole renderer: all JavaScript ${kb(total(sizes.keys(), 'gzip'))} gzip, ${kb(total(sizes.keys(), 'raw'))} raw`);
const counted = new Set(shell);
for (const language of CONSOLE_LANGUAGES) {
  const pack = [...withImports(`src/i18n/languages/${language}.ts`)].filter((file) => !shell.has(file));
  const first = [...shell, ...pack];
  const gzip = total(first, 'gzip');
  console.log(
    `  first screen in ${language}: ${kb(gzip)} gzip (target ≤ ${TARGET_KB} KB: ${gzip <= TARGET_KB * 1024 ? 'met' : 'NOT met'}), ` +
      `${kb(total(first, 'raw'))} raw, in ${first.length} files (${kb(total(pack, 'gzip'))} of them the language pack)`,
  );
  for (const file of pack) counted.add(file);
}
const bySize = (files: Iterable<string>) => [...files].sort((a, b) => (sizes.get(b)?.gzip ?? 0) - (sizes.get(a)?.gzip ?? 0));
for (const file of bySize(shell)) console.log(line('first screen', file));
for (const file of bySize(counted)) if (!shell.has(file)) console.log(line('language', file));
for (const file of bySize(sizes.keys())
  .filter((f) => !counted.has(f))
  .slice(0, 8))
  console.log(line('loaded later', file));
