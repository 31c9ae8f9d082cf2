/** Reads a QR code from a PNG data URL with a standard decoder (jsQR), as a phone's camera would. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function readQrDataUrl(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const result = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!result) throw new Error('no QR code found in the image');
  return result.data;
}

export function secretFromOtpauth(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${uri}`);
  return secret;
}
