/**
 * The macOS icon container (.icns): a header ("icns" + total length) and one element per image, each a
 * four-letter type, its length and a PNG. macOS has read PNG payloads for every type below since 10.7,
 * so no other encoding is needed; electron-builder copies the file into the app bundle as it is.
 */

/** Each element type and the pixel size of the PNG it holds (the @2x types hold twice their point size). */
export const ICNS_ELEMENTS: readonly { type: string; pixels: number }[] = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic10', pixels: 1024 }, // 512 pt @2x
  { type: 'ic11', pixels: 32 }, // 16 pt @2x
  { type: 'ic12', pixels: 64 }, // 32 pt @2x
  { type: 'ic13', pixels: 256 }, // 128 pt @2x
  { type: 'ic14', pixels: 512 }, // 256 pt @2x
];

const HEADER_BYTES = 8;

/** Builds an .icns file from PNGs keyed by their pixel size; every size in ICNS_ELEMENTS must be given. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const elements = ICNS_ELEMENTS.map(({ type, pixels }) => {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`The .icns file needs a ${pixels}×${pixels} PNG for ${type}.`);
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(HEADER_BYTES + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(HEADER_BYTES + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([header, ...elements]);
}
