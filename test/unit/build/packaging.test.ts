import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LinuxPackager } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import { DebugLogger } from 'builder-util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, builderConfig, EXECUTABLE_NAME, PRODUCT_NAME } from '../../../build/electron-builder.config.js';
import { ICNS_ELEMENTS } from '../../../scripts/packaging/icns.js';
import { ICO_SIZES, ICON_OUTPUT, PNG_SIZES, writeIconSet, type IconSet } from '../../../scripts/packaging/icons.js';

const ROOT = path.resolve('.');
const CONFIG_FILE = 'build/electron-builder.config.ts';
const config = builderConfig({});
const targetsOf = (platform: { target?: unknown } | null | undefined) => platform?.target;

describe('the electron-builder configuration', () => {
  it('is what electron-builder itself reads from build/, and passes its schema', async () => {
    const loaded = await getConfig(ROOT, CONFIG_FILE, null);
    expect(loaded.appId).toBe(APP_ID);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('makes AppImage and deb on Linux, NSIS on Windows and a dmg on macOS', () => {
    expect(config.appId).toBe('com.mfadesk.console');
    expect(config.productName).toBe('MFA Desk');
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
  });

  it('registers mfa-desk:// links with every installer', () => {
    expect(config.protocols).toEqual([{ name: 'MFA Desk account link', schemes: ['mfa-desk'] }]);
  });

  it('packs main, the CommonJS preload, the renderer and the server bundle with its user pages, and not the Chromium shell', () => {
    expect(config.files).toEqual(['package.json', 'out/main/**', '!out/main/chromiumShell.js', 'out/preload/**', 'out/renderer/**']);
    expect(config.asar).toBe(true);
    // The server bundle (out/main/server.js), its worker and userPages/ live in out/main; the packed layout is
    // checked file by file in test/e2e/packagedLayout.test.ts where Electron can be had.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; desktopName: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.desktopName).toBe(`${EXECUTABLE_NAME}.desktop`);
  });

  it('rebuilds the native modules for Electron and keeps them out of the asar archive', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    // Runtime dependencies are what electron-builder packs: the native ones must be among them.
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['better-sqlite3', 'argon2', 'electron-updater']));
  });

  it('signs macOS builds for the hardened runtime with entitlements V8 needs', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' });
    const plist = readFileSync('build/entitlements.mac.plist', 'utf8');
    for (const key of ['allow-jit', 'allow-unsigned-executable-memory', 'disable-library-validation'])
      expect(plist).toMatch(new RegExp(`<key>com\\.apple\\.security\\.cs\\.${key}</key>\\s*<true/>`));
    if (hasCommand('xmllint')) expect(spawnSync('xmllint', ['--noout', 'build/entitlements.mac.plist']).status).toBe(0);
  });

  it('builds no update feed in unless MFA_DESK_UPDATE_URL names an https one', () => {
    expect(config.publish).toBeNull();
    const withFeed = builderConfig({ MFA_DESK_UPDATE_URL: 'https://updates.example.com/mfa-desk' });
    expect(withFeed.publish).toEqual([{ provider: 'generic', url: 'https://updates.example.com/mfa-desk/' }]);
    // macOS updates install from a zip beside the dmg.
    expect(targetsOf(withFeed.mac)).toEqual(['dmg', 'zip']);
    expect(() => builderConfig({ MFA_DESK_UPDATE_URL: 'http://updates.example.com/' })).toThrow(/https/);
  });

  it('takes the icons from the generated set', () => {
    expect(config.linux?.icon).toBe(path.relative(ROOT, path.join(ICON_OUTPUT, 'png')));
    expect(config.win?.icon).toBe(path.relative(ROOT, path.join(ICON_OUTPUT, 'icon.ico')));
    expect(config.mac?.icon).toBe(path.relative(ROOT, path.join(ICON_OUTPUT, 'icon.icns')));
  });
});

describe('the icons rendered from build/icon.svg', () => {
  let dir: string;
  let icons: IconSet;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-icons-'));
    icons = await writeIconSet(undefined, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('come in every size from 16 to 1024 px, as the PNGs electron-builder reads for Linux', () => {
    expect([...icons.pngs.keys()]).toEqual([...PNG_SIZES]);
    for (const [size, file] of icons.pngs) {
      expect(path.basename(file)).toBe(`${size}x${size}.png`);
      const png = PNG.sync.read(readFileSync(file));
      expect([png.width, png.height]).toEqual([size, size]);
      // Drawn, not blank: the centre of the shield is opaque.
      expect(png.data[(Math.floor(size / 2) * size + Math.floor(size / 2)) * 4 + 3]).toBe(255);
    }
  });

  it('include a Windows .ico with 16 to 256 px images', () => {
    const ico = readFileSync(icons.ico);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    // Each directory entry's width byte: 0 stands for 256.
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([...ICO_SIZES]);
  });

  it('include a macOS .icns whose every element is a PNG of its size, 16 to 1024 px', () => {
    const elements = readIcns(readFileSync(icons.icns));
    expect([...elements.keys()]).toEqual(ICNS_ELEMENTS.map((e) => e.type));
    for (const { type, pixels } of ICNS_ELEMENTS) {
      const png = PNG.sync.read(elements.get(type) ?? Buffer.alloc(0));
      expect([png.width, png.height], type).toEqual([pixels, pixels]);
    }
  });
});

describe('the Linux desktop entry electron-builder writes for this configuration', () => {
  let entry: string;
  beforeAll(async () => {
    const linux = config.linux ?? {};
    // The fields of electron-builder's LinuxPackager that writing the entry reads, from this configuration.
    const packager = {
      appInfo: { productName: PRODUCT_NAME, sanitizedProductName: PRODUCT_NAME, description: 'MFA Desk' },
      executableName: linux.executableName,
      info: { metadata: JSON.parse(readFileSync('package.json', 'utf8')) },
      fileAssociations: [],
      config,
      platformSpecificBuildOptions: linux,
    };
    entry = await new LinuxTargetHelper(packager as unknown as LinuxPackager).computeDesktopEntry(linux);
  });

  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(entry)?.[1];

  it('starts the installed app with the link it was given, and names its icon and the mfa-desk scheme', () => {
    expect(entry.startsWith('[Desktop Entry]\n')).toBe(true);
    expect(field('Type')).toBe('Application');
    expect(field('Name')).toBe('MFA Desk');
    expect(field('Exec')).toBe('"/opt/MFA Desk/mfa-desk" %U');
    expect(field('Icon')).toBe('mfa-desk');
    expect(field('MimeType')).toBe('x-scheme-handler/mfa-desk;');
    expect(field('StartupWMClass')).toBe('mfa-desk');
    expect(field('Categories')).toBe('Office;');
  });

  it.skipIf(!hasCommand('desktop-file-validate'))(
    'passes desktop-file-validate (skipped where desktop-file-utils is not installed)',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-entry-'));
      try {
        const file = path.join(dir, 'mfa-desk.desktop');
        writeFileSync(file, entry);
        const result = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
        expect(result.stdout + result.stderr).toBe('');
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** The .icns container read back: type → payload (throws on anything malformed). */
function readIcns(file: Buffer): Map<string, Buffer> {
  expect(file.toString('ascii', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const elements = new Map<string, Buffer>();
  for (let offset = 8; offset < file.length;) {
    const length = file.readUInt32BE(offset + 4);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    elements.set(file.toString('ascii', offset, offset + 4), file.subarray(offset + 8, offset + length));
    offset += length;
  }
  return elements;
}
