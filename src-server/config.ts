/**
 * Backend configuration from command-line flags and MFA_DESK_* environment variables (flags win),
 * declared once in SERVER_SETTINGS (src-shared/settings.ts): the same table parses, defaults, words
 * the error and makes the README's table. A bad value stops start-up with a sentence naming the
 * setting; nothing starts half-configured.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDnsServers } from './domain/disable/request/dnsResolver.js';
import { parseSupportAddresses } from './domain/disable/request/supportAddress.js';
import { parseFolderPath, parseMailboxes, parseTicketPattern, type MailboxSettings } from './domain/intake/mailboxSettings.js';
import {
  ConfigError,
  lowerCaseList,
  matching,
  on,
  oneOf,
  parsedBy,
  portNumber,
  positive,
  readSettings,
  setting,
  text,
  whole,
  type RawSettings,
} from '../src-shared/settings.js';

export { ConfigError, type RawSettings };

export interface ServerConfig {
  host: string;
  port: number;
  /** Where Prometheus metrics are served (their own listener); null (the default) serves none. */
  metrics: { host: string; port: number } | null;
  dataDir: string;
  databaseUrl: string | undefined;
  encryptionKey: Buffer;
  /** Keys of earlier rotations: they open what they sealed, and never seal (MFA_DESK_OLD_ENCRYPTION_KEYS). */
  oldEncryptionKeys: Buffer[];
  /** Where the key came from, for the start-up line; never the key itself. */
  encryptionKeySource: 'environment' | 'key file';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Name shown in authenticator apps next to the account. */
  issuer: string;
  demo: boolean;
  /** Demo only: sign the demo admin in at start and print the session on the start line, for the console that started us. */
  bootstrapSession: boolean;
  /** Public base URL of this backend, for links in e-mails to users. */
  publicUrl: string | undefined;
  /** authserv-ids of our own receiving mail servers, whose Authentication-Results we believe. */
  trustedAuthservIds: string[];
  /** DNS servers for DKIM/DMARC lookups (host:port); the system's when unset. */
  dnsServers: string[] | undefined;
  /**
   * Our support addresses: a disable request must be addressed to one of them (To or Cc, signed).
   * Empty when none is configured, and then no request can be verified.
   */
  supportAddresses: string[];
  /** A disable request whose signed Date is older than this is refused. */
  requestMaxAgeDays: number;
  /** How long a verified request can back a disable after it was checked. */
  requestValidityHours: number;
  /** Wall-clock milliseconds one e-mail check may take in its worker (DNS included) before it is stopped. */
  mailCheckBudgetMs: number;
  /** Days raw request e-mails are kept; 0 keeps only their hash and headers. */
  rawMessageRetentionDays: number;
  /** Days audit events keep their details (evidence, context); 0 keeps them for ever. */
  auditDetailsRetentionDays: number;
  /** smtp(s)://user:pass@host:port for e-mails to users; unset keeps them in the outbox only. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How long a re-enrolment link works. */
  enrollmentTicketHours: number;
  /** How far around server time the clock check looks for a code. */
  clockCheckWindowMinutes: number;
  /** A watched ticket is read again this often even when no change was announced (an announcement lost). */
  ticketWatchRecheckSeconds: number;
  /** Broad account searches that may wait for their turn in this instance before the next is refused 503. */
  searchQueue: number;
  /** The built end-user pages, when not in their usual place beside the server. */
  userPagesDir: string | undefined;
  /** Support mailboxes read for incoming requests (none: no intake). */
  mailboxes: MailboxSettings[];
  /** PEM certificates to trust for the mailboxes' TLS (a private CA), besides the system's. */
  mailboxCa: Buffer | undefined;
  /** Where processed messages are moved, as folder path segments. */
  processedFolder: string[];
  /** Finds the ticket reference in a subject: its first capture group. */
  ticketPattern: RegExp;
  /** How often a mailbox is looked at when the server offers no IDLE (and as a safety net when it does). */
  mailboxPollSeconds: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Comma-separated base64 keys, each 32 bytes; a wrong one is named by its position, never by its value. */
function oldEncryptionKeys(value: string | undefined, name: string): Buffer[] {
  const texts = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return texts.map((text, i) => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(text))
      throw new ConfigError(`${name}: key ${i + 1} is not 32 bytes, base64-encoded (openssl rand -base64 32).`);
    return key;
  });
}

/** The demo organisation's support desk: its agents are on desk.example (cli/seedDemo.ts). */
export const DEMO_SUPPORT_ADDRESS = 'support@desk.example';

/** Every backend setting, in the order the README lists them. */
export const SERVER_SETTINGS = {
  host: setting({
    flag: 'host',
    env: 'MFA_DESK_HOST',
    shownDefault: '`127.0.0.1`',
    meaning: 'address to listen on',
    read: text('127.0.0.1'),
  }),
  port: setting({
    flag: 'port',
    env: 'MFA_DESK_PORT',
    shownDefault: '`8787`',
    meaning: 'port (`0` picks a free one; the chosen address is printed as `{"listening":…}`)',
    read: portNumber(8787),
  }),
  dataDir: setting({
    flag: 'data',
    env: 'MFA_DESK_DATA',
    shownDefault: '`.data`',
    meaning: 'folder for the SQLite file and, without `MFA_DESK_ENCRYPTION_KEY`, the key file',
    read: text('.data'),
  }),
  encryptionKey: setting({
    flag: 'encryption-key',
    env: 'MFA_DESK_ENCRYPTION_KEY',
    shownDefault: 'key file `encryption.key` (mode 0600) in the data folder, made on first start',
    meaning: '32 bytes, base64: the AES-256-GCM key for TOTP secrets. Keep it outside the database and its backups.',
    read: text(undefined),
  }),
  oldEncryptionKeys: setting({
    flag: 'old-encryption-keys',
    env: 'MFA_DESK_OLD_ENCRYPTION_KEYS',
    shownDefault: '(none)',
    meaning: 'comma-separated keys of earlier rotations: they open what they sealed and never seal (see Key rotation)',
    read: oldEncryptionKeys,
  }),
  databaseUrl: setting({
    flag: 'database-url',
    env: 'MFA_DESK_DATABASE_URL',
    shownDefault: '(none: SQLite)',
    meaning: '`postgres://…` to run on PostgreSQL',
    read: matching(/^postgres(ql)?:\/\//, 'must be a postgres:// URL.'),
  }),
  logLevel: setting({
    flag: 'log-level',
    env: 'MFA_DESK_LOG_LEVEL',
    shownDefault: '`info`',
    meaning: '`fatal` … `trace`, `silent`. Tokens, passwords, codes and secrets are never logged.',
    read: oneOf(LOG_LEVELS, 'info'),
  }),
  issuer: setting({
    flag: 'issuer',
    env: 'MFA_DESK_ISSUER',
    shownDefault: '`MFA Desk`',
    meaning: 'name shown next to the account in authenticator apps',
    read: text('MFA Desk'),
  }),
  demo: setting({
    flag: 'demo',
    switch: true,
    shownDefault: 'off',
    meaning: 'seed the demo organisation and write `demo-credentials.json` (the only time secrets are written to a file)',
    read: on,
  }),
  bootstrapSession: setting({
    flag: 'bootstrap-session',
    switch: true,
    shownDefault: 'off',
    meaning:
      'with `--demo` only: sign the demo admin in at start and print that session on the start line, for the console that started the backend',
    read: on,
  }),
  publicUrl: setting({
    flag: 'public-url',
    env: 'MFA_DESK_PUBLIC_URL',
    shownDefault: "the backend's own listen address",
    meaning:
      'base URL of the user pages, for links in e-mails; never taken from a request. The backend warns when it listens beyond loopback without one.',
    read: matching(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL, like https://mfa.example.com.'),
  }),
  supportAddresses: setting({
    flag: 'support-addresses',
    env: 'MFA_DESK_SUPPORT_ADDRESSES',
    shownDefault: '(none; `--demo`: `support@desk.example`)',
    meaning:
      'comma-separated addresses users write to; a disable request is verified only when one is in its signed To or Cc. Unset: no request can be verified, the backend warns at start',
    read: (value: string | undefined, name: string) => (value === undefined ? undefined : parsedBy(parseSupportAddresses)(value, name)),
  }),
  mailCheckBudgetMs: setting({
    flag: 'mail-check-budget-ms',
    env: 'MFA_DESK_MAIL_CHECK_BUDGET_MS',
    shownDefault: '`10000`',
    meaning: "how long one uploaded e-mail's check (parsing and DNS lookups) may take before it is stopped",
    read: positive(10_000),
  }),
  trustedAuthservIds: setting({
    flag: 'trusted-authserv-ids',
    env: 'MFA_DESK_TRUSTED_AUTHSERV_IDS',
    shownDefault: '(none)',
    meaning:
      'comma-separated authserv-ids of your own receiving mail servers (e.g. `mx.desk.example`), whose topmost Authentication-Results header is believed',
    read: lowerCaseList,
  }),
  dnsServers: setting({
    flag: 'dns-servers',
    env: 'MFA_DESK_DNS_SERVERS',
    shownDefault: "the system's",
    meaning: 'DNS servers for DKIM/DMARC lookups, `host:port` comma-separated (e.g. `127.0.0.1:5353`)',
    read: parsedBy(parseDnsServers),
  }),
  requestMaxAgeDays: setting({
    flag: 'request-max-age-days',
    env: 'MFA_DESK_REQUEST_MAX_AGE_DAYS',
    shownDefault: '`7`',
    meaning: 'a request whose Date is older is refused (`date_within_max_age`)',
    read: whole(7),
  }),
  requestValidityHours: setting({
    flag: 'request-validity-hours',
    env: 'MFA_DESK_REQUEST_VALIDITY_HOURS',
    shownDefault: '`24`',
    meaning: 'how long after checking a verified request can back a disable',
    read: whole(24),
  }),
  rawMessageRetentionDays: setting({
    flag: 'raw-retention-days',
    env: 'MFA_DESK_RAW_RETENTION_DAYS',
    shownDefault: '`0`',
    meaning: 'days raw request e-mails are kept; `0` keeps only their hash and headers',
    read: whole(0),
  }),
  auditDetailsRetentionDays: setting({
    flag: 'audit-details-retention-days',
    env: 'MFA_DESK_AUDIT_DETAILS_RETENTION_DAYS',
    shownDefault: '`0` (for ever)',
    meaning:
      'days audit events keep their details (evidence, context); older details are replaced by a marker. The chain covers a hash of the details, so it still verifies.',
    read: whole(0),
  }),
  smtpUrl: setting({
    flag: 'smtp-url',
    env: 'MFA_DESK_SMTP_URL',
    shownDefault: '(none: the outbox only)',
    meaning:
      '`smtp://user:pass@host:587` for e-mails to users; every e-mail is first written to the outbox in the same transaction as its action, then delivered by one instance, retried with growing waits, and marked failed after 8 tries',
    read: matching(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:password@host:587 or smtps://host:465.'),
  }),
  mailFrom: setting({
    flag: 'mail-from',
    env: 'MFA_DESK_MAIL_FROM',
    shownDefault: '`MFA Desk <no-reply@mfa-desk.invalid>`',
    meaning: 'sender of e-mails to users',
    read: text('MFA Desk <no-reply@mfa-desk.invalid>'),
  }),
  enrollmentTicketHours: setting({
    flag: 'ticket-hours',
    env: 'MFA_DESK_TICKET_HOURS',
    shownDefault: '`72`',
    meaning: 'how long a re-enrolment link works',
    read: positive(72),
  }),
  clockCheckWindowMinutes: setting({
    flag: 'clock-window-minutes',
    env: 'MFA_DESK_CLOCK_WINDOW_MINUTES',
    shownDefault: '`10`',
    meaning: 'how far around server time the clock check looks',
    read: positive(10),
  }),
  ticketWatchRecheckSeconds: setting({
    flag: 'ticket-watch-recheck-seconds',
    env: 'MFA_DESK_TICKET_WATCH_RECHECK_SECONDS',
    shownDefault: '`10`',
    meaning:
      'a console watching a re-enrolment is woken by the change itself (in process, or NOTIFY/LISTEN across PostgreSQL instances); this is how often it reads the ticket anyway, in case an announcement was lost',
    read: positive(10),
  }),
  searchQueue: setting({
    flag: 'search-queue',
    env: 'MFA_DESK_SEARCH_QUEUE',
    shownDefault: '`128`',
    meaning:
      'broad account searches that may wait for their turn in one instance (one per core runs at a time); the next is answered 503 `search_busy` with Retry-After at once. The look-up of a whole login never waits',
    read: positive(128),
  }),
  metricsPort: setting({
    flag: 'metrics-port',
    env: 'MFA_DESK_METRICS_PORT',
    shownDefault: '(none: no metrics)',
    meaning: 'serve Prometheus metrics on their own listener at this port (`GET /metrics`)',
    read: portNumber(undefined),
  }),
  metricsHost: setting({
    flag: 'metrics-host',
    env: 'MFA_DESK_METRICS_HOST',
    shownDefault: '`127.0.0.1`',
    meaning: 'address the metrics listener binds to',
    read: text('127.0.0.1'),
  }),
  userPagesDir: setting({
    flag: 'user-pages',
    env: 'MFA_DESK_USER_PAGES',
    shownDefault: 'beside the bundled server (`out/main/userPages`)',
    meaning: 'folder of the built end-user pages (`/account`), for a layout where they are not beside the server',
    read: text(undefined),
  }),
  mailboxes: setting({
    flag: 'mailboxes',
    env: 'MFA_DESK_MAILBOXES',
    shownDefault: '(none: no mailbox is read)',
    meaning:
      'support mailboxes to read incoming requests from, comma-separated: `imaps://user:password@imap.example.com:993/INBOX` (or `imap://…:143/…`, STARTTLS required); percent-encode `@ : / ,` in the password',
    read: parsedBy(parseMailboxes),
  }),
  mailboxCaFile: setting({
    flag: 'mailbox-ca-file',
    env: 'MFA_DESK_MAILBOX_CA_FILE',
    shownDefault: "(none: the system's CAs)",
    meaning: 'PEM file of a private CA (or self-signed certificate) the mailbox servers use, trusted besides the system CAs',
    read: text(undefined),
  }),
  processedFolder: setting({
    flag: 'processed-folder',
    env: 'MFA_DESK_PROCESSED_FOLDER',
    shownDefault: '`MFA Desk/Processed`',
    meaning: 'folder (`/` between levels) processed messages are moved to, created when missing; nothing is ever deleted',
    read: parsedBy(parseFolderPath),
  }),
  ticketPattern: setting({
    flag: 'ticket-pattern',
    env: 'MFA_DESK_TICKET_PATTERN',
    shownDefault: '`\\[#(\\d+)\\]`',
    meaning: 'regular expression finding the ticket reference in a subject (its first group), e.g. `[#1234]` → `1234`',
    read: parsedBy(parseTicketPattern),
  }),
  mailboxPollSeconds: setting({
    flag: 'mailbox-poll-seconds',
    env: 'MFA_DESK_MAILBOX_POLL_SECONDS',
    shownDefault: '`60`',
    meaning: 'how often a mailbox is looked at without IDLE (new mail arrives at once with IDLE)',
    read: positive(60),
  }),
};

/** Parses `--name value` and `--flag` pairs; positional words are returned separately. */
export function parseFlags(argv: string[]): { flags: RawSettings; positional: string[] } {
  const flags: RawSettings = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const body = arg.slice(2);
    const equals = body.indexOf('=');
    const next = argv[i + 1];
    if (equals >= 0) flags[body.slice(0, equals)] = body.slice(equals + 1);
    else if (next !== undefined && !next.startsWith('--')) {
      flags[body] = next;
      i++;
    } else flags[body] = true;
  }
  return { flags, positional };
}

export function loadConfig(flags: RawSettings, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { metricsPort, metricsHost, supportAddresses, publicUrl, mailboxCaFile, ...settings } = readSettings(SERVER_SETTINGS, flags, env);
  // A session on stdout is for a parent process that reads it; only the demo admin of a demo backend gets one.
  if (settings.bootstrapSession && !settings.demo)
    throw new ConfigError('--bootstrap-session goes only with --demo: it signs the console in as the demo admin.');
  const dataDir = path.resolve(settings.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const { key, source } = encryptionKey(settings.encryptionKey, dataDir);
  return {
    ...settings,
    dataDir,
    encryptionKey: key,
    encryptionKeySource: source,
    metrics: metricsPort === undefined ? null : { host: metricsHost, port: metricsPort },
    publicUrl: publicUrl?.replace(/\/$/, ''),
    supportAddresses: supportAddresses ?? (settings.demo ? [DEMO_SUPPORT_ADDRESS] : []),
    mailboxCa: mailboxCaFile === undefined ? undefined : readCaFile(mailboxCaFile),
  };
}

function readCaFile(file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`MFA_DESK_MAILBOX_CA_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`MFA_DESK_MAILBOX_CA_FILE ${file} holds no PEM certificate.`);
  return pem;
}

/** The key for TOTP secrets: from the environment, or a key file beside (never inside) the database. */
function encryptionKey(fromEnv: string | undefined, dataDir: string): { key: Buffer; source: ServerConfig['encryptionKeySource'] } {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new ConfigError('MFA_DESK_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).');
    return { key, source: 'environment' };
  }
  const file = path.join(dataDir, 'encryption.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`The key file ${file} does not hold a 32-byte base64 key.`);
  return { key, source: 'key file' };
}
