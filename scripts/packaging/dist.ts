/**
 * `npm run dist [-- electron-builder options]`: the installers for this platform, in dist/.
 *   1. the icons, rendered from build/icon.svg;
 *   2. the app, built by electron-vite;
 *   3. electron-builder with build/electron-builder.config.ts (AppImage + deb, NSIS or dmg), which
 *      rebuilds the native modules for Electron;
 *   4. the native modules rebuilt for Node again, whatever happened in 3: electron-builder rebuilds them
 *      in place in node_modules, and npm start, npm test and npm run server run them under Node.
 * Options after `--` go to electron-builder, e.g. `npm run dist -- --dir` for an unpacked app only.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIconSet } from './icons.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(what: string, script: string, args: string[]): boolean {
  console.log(`MFA Desk: ${what}…`);
  const result = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

// IT copies the installers and latest*.yml to the update feed's folder; nothing is uploaded from here.
const args = process.argv.slice(2);
const publish = args.some((arg) => arg === '--publish' || arg === '-p') ? [] : ['--publish', 'never'];

await writeIconSet();
const built =
  run('building the app', 'node_modules/electron-vite/bin/electron-vite.js', ['build', '--logLevel', 'warn']) &&
  run('making the installers', 'node_modules/electron-builder/cli.js', [
    '--config',
    'build/electron-builder.config.ts',
    ...publish,
    ...args,
  ]);
const restored = run('rebuilding the native modules for Node', 'scripts/setup.mjs', ['--native-only']);
if (!built || !restored) process.exit(1);
console.log(`MFA Desk: the installers are in ${path.join(root, 'dist')}.`);
