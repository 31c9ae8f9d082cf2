/**
 * Splitting an uploaded message into its header fields. We read the header section
 * ourselves rather than through a MIME parser because the look-alike checks need each
 * field exactly as written (encoded words still encoded), and because deciding "this is
 * not an e-mail at all" must happen before anything tries to make sense of it.
 */

export type NotAMessageCode = 'empty_message' | 'binary_content' | 'no_headers' | 'malformed_header' | 'no_from_header';

/** The upload is not an RFC 5322 message; the route answers 4xx with `code`. */
export class NotAMessageError extends Error {
  readonly code: NotAMessageCode;

  constructor(code: NotAMessageCode, message: string) {
    super(message);
    this.name = 'NotAMessageError';
    this.code = code;
  }
}

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value as written: encoded words are not decoded, surrounding blanks trimmed. */
  value: string;
}

export interface MessageHeaders {
  /** Fields in the order they appear, top first (the order matters for Authentication-Results). */
  fields: HeaderField[];
  /** The header section as text, without the blank line that ends it. */
  headerBlock: string;
}

// RFC 5322 3.6.8: printable ASCII except the colon; obsolete syntax allows blanks before it.
const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/s;

/** Where the header section ends: the first empty line, or the whole input if there is none. */
export function headerSectionEnd(raw: Buffer): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    const next = raw[i + 1];
    if (next === 0x0a) return i;
    if (next === 0x0d && raw[i + 2] === 0x0a) return i;
  }
  return raw.length;
}

/**
 * Reads the header section of `raw`, throwing NotAMessageError when the bytes are not an
 * e-mail message at all (empty, binary, no header fields, no From field).
 */
export function readMessageHeaders(raw: Buffer): MessageHeaders {
  if (raw.length === 0 || raw.toString('latin1').trim() === '') {
    throw new NotAMessageError('empty_message', 'The uploaded message is empty.');
  }
  // A NUL byte never appears in a mail message (RFC 5322 2.3); it means a binary file was uploaded.
  if (raw.includes(0)) {
    throw new NotAMessageError(
      'binary_content',
      'The upload contains binary data; save the e-mail as an .eml file (RFC 5322 message) and upload that.',
    );
  }

  const end = headerSectionEnd(raw);
  const headerBlock = raw
    .subarray(0, end)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const lines = headerBlock.split(/\r?\n/);

  const fields: HeaderField[] = [];
  for (const [index, line] of lines.entries()) {
    if (/^[ \t]/.test(line)) {
      const last = fields.at(-1);
      if (!last) {
        throw new NotAMessageError('no_headers', 'The upload does not start with e-mail header fields.');
      }
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (!match) {
      throw index === 0
        ? new NotAMessageError('no_headers', 'The upload does not start with e-mail header fields (such as "From:").')
        : new NotAMessageError('malformed_header', `Header line ${index + 1} is not a valid header field.`);
    }
    fields.push({ name: (match[1] ?? '').toLowerCase(), value: (match[2] ?? '').trim() });
  }

  if (!fields.some((field) => field.name === 'from')) {
    throw new NotAMessageError('no_from_header', 'The message has no From header, so there is no sender to check.');
  }
  return { fields, headerBlock };
}

/** Values of every field called `name`, top first. */
export function headerValues(headers: MessageHeaders, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.fields.filter((field) => field.name === wanted).map((field) => field.value);
}
