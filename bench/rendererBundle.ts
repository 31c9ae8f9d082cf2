/**
 * The console's starting bundle (issue §7), read from the built renderer (`npm run build` first): the
 * JavaScript the page loads before its first screen — index.html's module script and the chunks it
 * preloads — raw and gzipped, against the target of 150 KB gzip; then every chunk loaded later.
 *   npx tsx bench/rendererBundle.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = 'out/renderer';
if (!existsSync(path.join(root, 'index.html'))) throw new Error(`No ${root}/index.html: run npm run build first.`);
const html = readFileSync(path.join(root, 'index.html'), 'utf8');
const starting = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = readdirSync(path.join(root, 'assets'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => {
    const bytes = readFileSync(path.join(root, 'assets', file));
    return { file: `assets/${file}`, raw: bytes.length, gzip: gzipSync(bytes).length };
  })
  .sort((a, b) => b.gzip - a.gzip);
const first = sizes.filter((s) => starting.has(s.file));
const sum = (list: typeof sizes, key: 'raw' | 'gzip') => list.reduce((total, s) => total + s[key], 0);
console.log(
  `\nConsole renderer: first screen's JavaScript ${kb(sum(first, 'gzip'))} gzip (target ≤ 150 KB), ${kb(sum(first, 'raw'))} raw, ` +
    `in ${first.length} files; all JavaScript ${kb(sum(sizes, 'gzip'))} gzip, ${kb(sum(sizes, 'raw'))} raw`,
);
for (const s of first) console.log(`  first screen  ${s.file.padEnd(48)} ${kb(s.gzip).padStart(9)} gzip ${kb(s.raw).padStart(10)} raw`);
for (const s of sizes.filter((s) => !starting.has(s.file)).slice(0, 8))
  console.log(`  loaded later  ${s.file.padEnd(48)} ${kb(s.gzip).padStart(9)} gzip ${kb(s.raw).padStart(10)} raw`);
