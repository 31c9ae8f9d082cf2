/**
 * The support mailboxes as configured: `imaps://user:password@host:993/INBOX` (TLS from the start) or
 * `imap://…:143/INBOX` (STARTTLS required: the password never crosses the wire in clear). The folder
 * path is the URL's path (default INBOX); a mailbox is named without its password wherever it is shown.
 */

export interface MailboxSettings {
  /** `user@host:port/folder`: the mailbox's name in status, logs and the bookkeeping; never the password. */
  name: string;
  host: string;
  port: number;
  /** True for imaps:// (TLS at once); false for imap:// with STARTTLS required. */
  secure: boolean;
  user: string;
  password: string;
  folder: string;
}

/**
 * The sentence for text that is not a mailbox URL. It shows only what stands after the last `@` (the
 * host and folder): a password written with a raw `:`, `/`, `@` or `,` is what makes such text unreadable,
 * and none of it may reach a log or a screen.
 */
export function notAMailboxUrl(text: string): string {
  const at = text.lastIndexOf('@');
  const shown = at < 0 ? 'that text' : `"…@${text.slice(at + 1)}"`;
  return `${shown} is not a URL like imaps://user:password@imap.example.com:993/INBOX (percent-encode @ : / , in the password).`;
}

function parseOne(text: string): MailboxSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(notAMailboxUrl(text));
  }
  const secure = url.protocol === 'imaps:';
  if (!secure && url.protocol !== 'imap:')
    throw new Error(`a mailbox URL starts with imaps:// (or imap:// with STARTTLS), not ${url.protocol}//.`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!user || !password || !host)
    throw new Error(`each mailbox URL needs a user, a password and a host: imaps://user:password@host:993/INBOX.`);
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  const folder = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return { name: `${user}@${host}:${port}/${folder}`, host, port, secure, user, password, folder };
}

/** The comma-separated mailbox URLs of MFA_DESK_MAILBOXES; none when unset. */
export function parseMailboxes(value: string | undefined): MailboxSettings[] {
  const mailboxes = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseOne);
  const names = mailboxes.map((mailbox) => mailbox.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`the mailbox ${twice} is listed twice.`);
  return mailboxes;
}

/** The subject pattern for ticket references: a regular expression with one capture group. */
export function parseTicketPattern(value: string | undefined): RegExp {
  const source = value ?? String.raw`\[#(\d+)\]`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (error) {
    throw new Error(`"${source}" is not a regular expression (${error instanceof Error ? error.message : String(error)}).`);
  }
  if ((new RegExp(`${source}|`, 'u').exec('')?.length ?? 0) < 2)
    throw new Error(`"${source}" needs one capture group, the reference itself: \\[#(\\d+)\\].`);
  return pattern;
}

/** The processed folder as path segments (configured with `/`, created with the server's own separator). */
export function parseFolderPath(value: string | undefined): string[] {
  const segments = (value ?? 'MFA Desk/Processed')
    .split('/')
    .map((segment) => segment.trim())
    .filter(Boolean);
  if (segments.length === 0) throw new Error('name a folder, like "MFA Desk/Processed".');
  if (segments.length === 1 && segments[0]?.toUpperCase() === 'INBOX') throw new Error('processed mail cannot go back into INBOX.');
  return segments;
}
