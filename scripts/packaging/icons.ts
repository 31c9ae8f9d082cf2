/**
 * Renders the one icon source, build/icon.svg, into every icon the installers need:
 *   build/icons/png/<n>x<n>.png   Linux (AppImage, deb) and the window icon, 16 to 1024 px
 *   build/icons/icon.ico          Windows (NSIS and the .exe), 16 to 256 px
 *   build/icons/icon.icns         macOS (the app bundle and the dmg), 16 to 1024 px
 * The output is generated (npm run dist does it first), never committed: the SVG is the only source.
 * Run on its own: npx tsx scripts/packaging/icons.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';
import { encodeIcns, ICNS_ELEMENTS } from './icns.js';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Windows picks from these for the taskbar, title bar, Explorer views and the installer. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export interface IconSet {
  pngDir: string;
  pngs: Map<number, string>;
  ico: string;
  icns: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ICON_SOURCE = path.join(root, 'build', 'icon.svg');
export const ICON_OUTPUT = path.join(root, 'build', 'icons');

/** One square PNG of the SVG, drawn at that size (not scaled from a bigger bitmap, so small sizes stay crisp). */
export function renderPng(svg: Buffer, size: number): Buffer {
  // No fonts: the icon is shapes only, and loading the system's fonts would only slow every render.
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (image.width !== size || image.height !== size)
    throw new Error(`The icon source must be square; it rendered ${image.width}×${image.height}.`);
  return image.asPng();
}

export async function writeIconSet(source = ICON_SOURCE, outDir = ICON_OUTPUT): Promise<IconSet> {
  const svg = readFileSync(source);
  const pngDir = path.join(outDir, 'png');
  mkdirSync(pngDir, { recursive: true });
  const rendered = new Map(PNG_SIZES.map((size) => [size, renderPng(svg, size)] as const));
  const pngs = new Map<number, string>();
  for (const [size, png] of rendered) {
    // electron-builder reads a Linux icon folder by these names.
    const file = path.join(pngDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    pngs.set(size, file);
  }
  const ico = path.join(outDir, 'icon.ico');
  writeFileSync(ico, await pngToIco(ICO_SIZES.map((size) => pngOf(rendered, size))));
  const icns = path.join(outDir, 'icon.icns');
  writeFileSync(icns, encodeIcns(new Map(ICNS_ELEMENTS.map(({ pixels }) => [pixels, pngOf(rendered, pixels)]))));
  return { pngDir, pngs, ico, icns };
}

function pngOf(rendered: ReadonlyMap<number, Buffer>, size: number): Buffer {
  const png = rendered.get(size);
  if (!png) throw new Error(`No ${size}×${size} rendering of the icon.`);
  return png;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const set = await writeIconSet();
  console.log(`MFA Desk: icons written to ${path.relative(root, ICON_OUTPUT)} (${set.pngs.size} PNG sizes, icon.ico, icon.icns).`);
}
