/** Turning a dropped, opened or pasted e-mail into the base64 the main process takes. */
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits';

export type RawMessage = { ok: true; rawBase64: string } | { ok: false; message: string };

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const tooBig = (size: number): RawMessage => ({
  ok: false,
  message: `The message is ${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_MESSAGE_BYTES / 1048576} MiB. Save it without attachments.`,
});

function fromBytes(bytes: Uint8Array): RawMessage {
  if (bytes.length === 0)
    return { ok: false, message: 'The message is empty. Save the e-mail as an .eml file (or copy its source) and try again.' };
  if (bytes.length > MAX_MESSAGE_BYTES) return tooBig(bytes.length);
  return { ok: true, rawBase64: bytesToBase64(bytes) };
}

/** The file's exact bytes: re-encoding them would break the DKIM signature being checked. */
export async function readMessageFile(file: File): Promise<RawMessage> {
  if (file.size > MAX_MESSAGE_BYTES) return tooBig(file.size);
  try {
    return fromBytes(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return { ok: false, message: `The file “${file.name}” could not be read. Save it again and retry.` };
  }
}

/** Pasted source: a text box keeps only LF, while e-mail (and its signature) is written with CRLF. */
export function pastedMessage(text: string): RawMessage {
  const normalised = text.replace(/^\s+/, '').replace(/\r?\n/g, '\r\n');
  return fromBytes(new TextEncoder().encode(normalised));
}
