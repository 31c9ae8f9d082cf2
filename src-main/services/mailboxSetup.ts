/**
 * The support mailboxes the embedded backend reads, entered in the console's Settings. Main keeps them
 * (`mailboxes.json` in the console's data folder, written 0o600) and hands them to the backend it starts
 * as the backend's own settings (MFA_DESK_MAILBOXES and the rest). The passwords never go back to the
 * page: it is shown each URL without its password, and may save a URL without one to keep the password
 * main holds for that mailbox. A password is sealed by the system's keychain when there is one
 * (Electron's safeStorage, passed in as a `SecretSealer`); without one it is kept in that file, readable
 * by this user only, and the Settings screen says so.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Compile } from 'typebox/compile';
import Type, { type Static } from 'typebox';
import type { MailboxSetup, MailboxSetupView } from '../../src-shared/consoleApi.js';
import { notAMailboxUrl, parseFolderPath, parseMailboxes, parseTicketPattern } from '../../src-server/domain/intake/mailboxSettings.js';
import { ConsoleError } from './consoleError.js';

/** Encrypts a secret for storage on this computer, and back. */
export interface SecretSealer {
  readonly storage: MailboxSetupView['passwordStorage'];
  seal(plain: string): string;
  open(sealed: string): string;
}

/** No keychain: the secret is kept as it is, in a file only this user may read. */
export const fileSealer: SecretSealer = { storage: 'file', seal: (plain) => plain, open: (sealed) => sealed };

const DEFAULT_FOLDER = 'MFA Desk/Processed';

const StoredSetup = Type.Object({
  mailboxes: Type.Array(Type.Object({ url: Type.String(), password: Type.String() })),
  caFile: Type.String(),
  processedFolder: Type.String(),
  ticketPattern: Type.String(),
  sealedBy: Type.Enum(['keychain', 'file'] as const),
});
type StoredSetup = Static<typeof StoredSetup>;
const checkStored = Compile(StoredSetup);

const EMPTY: StoredSetup = { mailboxes: [], caFile: '', processedFolder: DEFAULT_FOLDER, ticketPattern: '', sealedBy: 'file' };

const invalid = (field: string, message: string) =>
  new ConsoleError('mailbox_setup_invalid', message, { fields: [{ path: `/${field}`, message }], status: 400 });

/** A mailbox URL split into the URL shown (no password) and its password ('' when the URL has none). */
function splitPassword(text: string): { url: string; password: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid('mailboxes', notAMailboxUrl(text));
  }
  if (url.protocol !== 'imaps:' && url.protocol !== 'imap:')
    throw invalid('mailboxes', `Mailbox: a mailbox URL starts with imaps:// (or imap:// with STARTTLS), not ${url.protocol}//.`);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

/** The URL with its password put back (percent-encoded, as the backend's setting expects). */
function withPassword(url: string, password: string): string {
  const full = new URL(url);
  full.password = encodeURIComponent(password);
  return full.toString();
}

export class MailboxSetupStore {
  private readonly file: string;
  private current: StoredSetup;

  constructor(
    dir: string,
    private readonly sealer: SecretSealer = fileSealer,
    private readonly log: (message: string) => void = () => {},
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'mailboxes.json');
    this.current = this.load();
  }

  view(editable: boolean): MailboxSetupView {
    const { mailboxes, caFile, processedFolder, ticketPattern } = this.current;
    return {
      mailboxes: mailboxes.map((m) => m.url),
      caFile,
      processedFolder,
      ticketPattern,
      passwordStorage: this.sealer.storage,
      editable,
    };
  }

  /** Checks everything first (a ConsoleError in words naming the field), then saves; nothing changes on a refusal. */
  save(input: MailboxSetup): void {
    const known = new Map(this.current.mailboxes.map((m) => [m.url, this.sealer.open(m.password)]));
    const mailboxes = input.mailboxes.map((text) => {
      const { url, password } = splitPassword(text);
      const kept = password || known.get(url);
      if (!kept) throw invalid('mailboxes', `Enter the password for ${url} (imaps://user:password@host:993/INBOX).`);
      return { url, password: kept };
    });
    try {
      parseMailboxes(mailboxes.map((m) => withPassword(m.url, m.password)).join(','));
    } catch (error) {
      throw invalid('mailboxes', `Mailbox: ${messageOf(error)}`);
    }
    const caFile = input.caFile.trim();
    if (caFile) checkCaFile(caFile);
    const processedFolder = input.processedFolder.trim() || DEFAULT_FOLDER;
    try {
      parseFolderPath(processedFolder);
    } catch (error) {
      throw invalid('processedFolder', `Processed folder: ${messageOf(error)}`);
    }
    const ticketPattern = input.ticketPattern.trim();
    try {
      parseTicketPattern(ticketPattern || undefined);
    } catch (error) {
      throw invalid('ticketPattern', `Ticket pattern: ${messageOf(error)}`);
    }
    this.write({
      mailboxes: mailboxes.map((m) => ({ url: m.url, password: this.sealer.seal(m.password) })),
      caFile,
      processedFolder,
      ticketPattern,
      sealedBy: this.sealer.storage,
    });
  }

  /**
   * The embedded backend's mailbox settings. All four are always given (unset when empty), so what
   * Settings shows is what the backend reads, whatever the console's own environment holds.
   */
  backendEnv(): Record<string, string | undefined> {
    const { mailboxes, caFile, processedFolder, ticketPattern } = this.current;
    const urls = mailboxes.map((m) => withPassword(m.url, this.sealer.open(m.password)));
    return {
      MFA_DESK_MAILBOXES: urls.length ? urls.join(',') : undefined,
      MFA_DESK_MAILBOX_CA_FILE: caFile || undefined,
      MFA_DESK_PROCESSED_FOLDER: processedFolder || undefined,
      MFA_DESK_TICKET_PATTERN: ticketPattern || undefined,
    };
  }

  private write(setup: StoredSetup): void {
    // Write then rename, so a crash never leaves half a file; 0o600 before the rename.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(setup, null, 2), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
    this.current = setup;
  }

  private load(): StoredSetup {
    if (!existsSync(this.file)) return structuredClone(EMPTY);
    try {
      const stored: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (!checkStored.Check(stored)) throw new Error('its settings are not valid');
      // Sealed by the keychain and read without it (or the other way round): the passwords cannot be read.
      if (stored.sealedBy !== this.sealer.storage)
        throw new Error(`its passwords were sealed by the ${stored.sealedBy}, not available now`);
      for (const mailbox of stored.mailboxes) this.sealer.open(mailbox.password);
      return stored;
    } catch (error) {
      this.log(`Ignoring ${this.file}: ${messageOf(error)}. Enter the mailboxes again in Settings.`);
      return structuredClone(EMPTY);
    }
  }
}

function checkCaFile(file: string): void {
  if (!path.isAbsolute(file)) throw invalid('caFile', `CA file: give the full path of the PEM file, not "${file}".`);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid('caFile', `CA file: ${file} cannot be read (${messageOf(error)}).`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw invalid('caFile', `CA file: ${file} holds no PEM certificate.`);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
