/**
 * What `npm run dist` packs, checked in the app electron-builder actually lays out (`--dir`: the unpacked
 * app every installer wraps). electron-builder copies Electron's own files into it, so this needs the
 * Electron binary; where it could not be downloaded, the test says so and skips, like the launch test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIconSet } from '../../scripts/packaging/icons.js';

/** Electron's unpacked distribution (node_modules/electron/dist), or null where its binary was not downloaded. */
function electronDist(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as string;
    return existsSync(binary) ? path.join(path.dirname(createRequire(import.meta.url).resolve('electron')), 'dist') : null;
  } catch {
    return null;
  }
}

function findFile(dir: string, name: string): string | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name === name) return full;
    if (entry.isDirectory() && !entry.name.endsWith('.asar.unpacked')) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return null;
}

const dist = electronDist();

describe.skipIf(!dist)(
  'the packaged app (skipped: no Electron binary on this machine, so electron-builder has no Electron to pack)',
  () => {
    let output: string;
    let archive: string;
    let files: Set<string>;

    beforeAll(async () => {
      // What npm run dist does before electron-builder: the installers' icons from build/icon.svg.
      await writeIconSet();
      output = mkdtempSync(path.join(tmpdir(), 'mfa-desk-dist-'));
      const result = spawnSync(
        process.execPath,
        [
          'node_modules/electron-builder/cli.js',
          '--config',
          'build/electron-builder.config.ts',
          '--dir',
          '--publish',
          'never',
          `-c.electronDist=${dist}`,
          `-c.directories.output=${output}`,
          // The layout is the question here; rebuilding the native modules for Electron would replace the
          // Node builds in node_modules that the rest of the suite runs on.
          '-c.npmRebuild=false',
        ],
        { encoding: 'utf8', env: { ...process.env, MFA_DESK_UPDATE_URL: '' } },
      );
      expect(result.status, result.stdout + result.stderr).toBe(0);
      archive = findFile(output, 'app.asar') ?? '';
      expect(archive).not.toBe('');
      files = new Set(asar.listPackage(archive, { isPack: false }).map((file) => file.split(path.sep).join('/')));
    }, 600_000);
    afterAll(() => rmSync(output, { recursive: true, force: true }));

    it('holds main, the CommonJS preload, the renderer, and the server bundle with its worker and user pages', () => {
      for (const file of [
        '/package.json',
        '/out/main/index.js',
        '/out/main/server.js',
        '/out/main/mailCheckWorker.js',
        '/out/main/userPages/account.html',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ])
        expect(files.has(file), file).toBe(true);
      const preload = asar.extractFile(archive, 'out/preload/index.cjs').toString('utf8');
      expect(() => new vm.Script(preload)).not.toThrow();
      expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    });

    it('holds the runtime dependencies and nothing built only for development', () => {
      for (const dependency of ['better-sqlite3', 'argon2', 'fastify', 'electron-updater'])
        expect(files.has(`/node_modules/${dependency}/package.json`), dependency).toBe(true);
      for (const devOnly of [
        '/out/main/chromiumShell.js',
        '/node_modules/playwright-core',
        '/node_modules/vue',
        '/node_modules/electron',
        '/src-main',
      ])
        expect(files.has(devOnly), devOnly).toBe(false);
    });

    it('keeps every native module outside the archive, where Electron can load it', () => {
      const native = [...files].filter((file) => file.endsWith('.node'));
      expect(native).toEqual(expect.arrayContaining(['/node_modules/better-sqlite3/build/Release/better_sqlite3.node']));
      expect(native.some((file) => file.startsWith('/node_modules/argon2/'))).toBe(true);
      for (const file of native) expect(existsSync(path.join(`${archive}.unpacked`, file)), file).toBe(true);
    });
  },
);
