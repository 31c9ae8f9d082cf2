/** Turning a dropped, opened or pasted e-mail into the base64 the main process takes. */
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits';
import { t } from '../i18n';
import { formatNumber } from './dates';

export type RawMessage = { ok: true; rawBase64: string } | { ok: false; message: string };

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const tooBig = (size: number): RawMessage => ({
  ok: false,
  message: t('messageInput.tooBig', {
    size: formatNumber(Math.round((size / 1048576) * 10) / 10),
    limit: formatNumber(MAX_MESSAGE_BYTES / 1048576),
  }),
});

function fromBytes(bytes: Uint8Array): RawMessage {
  if (bytes.length === 0) return { ok: false, message: t('messageInput.empty') };
  if (bytes.length > MAX_MESSAGE_BYTES) return tooBig(bytes.length);
  return { ok: true, rawBase64: bytesToBase64(bytes) };
}

/** The file's exact bytes: re-encoding them would break the DKIM signature being checked. */
export async function readMessageFile(file: File): Promise<RawMessage> {
  if (file.size > MAX_MESSAGE_BYTES) return tooBig(file.size);
  try {
    return fromBytes(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return { ok: false, message: t('messageInput.unreadable', { name: file.name }) };
  }
}

/** Pasted source: a text box keeps only LF, while e-mail (and its signature) is written with CRLF. */
export function pastedMessage(text: string): RawMessage {
  const normalised = text.replace(/^\s+/, '').replace(/\r?\n/g, '\r\n');
  return fromBytes(new TextEncoder().encode(normalised));
}

/** The text of a message's header block (up to the first empty line), unfolded: one header a line. */
function headerLines(source: string): string[] {
  const head = source.replace(/^\s+/, '').split(/\r?\n\r?\n/, 1)[0] ?? '';
  return head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

/**
 * The address in the message's From header, only to find the account it is about: the server checks the
 * message itself. Null when there is no From, or more than one (the check then says why it fails).
 */
export function senderOf(source: string): string | null {
  const froms = headerLines(source).filter((line) => /^from:/i.test(line));
  if (froms.length !== 1) return null;
  const value = (froms[0] ?? '').slice(5).trim();
  const angled = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  const address = angled?.[1] ?? (/^[^\s<>"]+@[^\s<>"]+$/.test(value) ? value : null);
  return address ? address.toLowerCase() : null;
}

/** Whether pasted text looks like an e-mail's source (a header block with a From), not a stray snippet. */
export const looksLikeMessage = (text: string): boolean => headerLines(text).some((line) => /^from:/i.test(line));

/** The message's bytes as text, to find its sender (headers are ASCII; the rest may not decode, and need not). */
export const messageText = (rawBase64: string): string =>
  new TextDecoder().decode(Uint8Array.from(atob(rawBase64), (c) => c.charCodeAt(0)));
