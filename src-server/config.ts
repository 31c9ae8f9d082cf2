/**
 * Backend configuration from command-line flags and MFA_DESK_* environment variables (flags win).
 * A bad value stops start-up with a sentence naming the setting; nothing starts half-configured.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseDnsServers } from './domain/disableRequest/dnsResolver.js';
import { parseSupportAddresses } from './domain/disableRequest/supportAddress.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** Where Prometheus metrics are served (their own listener); null (the default) serves none. */
  metrics: { host: string; port: number } | null;
  dataDir: string;
  databaseUrl: string | undefined;
  encryptionKey: Buffer;
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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface RawSettings {
  [flag: string]: string | boolean | undefined;
}

/** Parses `--name value` and `--flag` pairs; positional words are returned separately. */
export function parseFlags(argv: string[]): { flags: RawSettings; positional: string[] } {
  const flags: RawSettings = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) flags[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags[name] = argv[++i];
    else flags[name] = true;
  }
  return { flags, positional };
}

function text(flags: RawSettings, flag: string, env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = flags[flag];
  if (value === true) throw new ConfigError(`--${flag} needs a value.`);
  return value === false ? undefined : (value ?? env[variable]);
}

export function loadConfig(flags: RawSettings, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = text(flags, 'host', env, 'MFA_DESK_HOST') ?? '127.0.0.1';
  const portText = text(flags, 'port', env, 'MFA_DESK_PORT') ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`Port "${portText}" is not a port number (0–65535).`);
  const metricsPortText = text(flags, 'metrics-port', env, 'MFA_DESK_METRICS_PORT');
  if (metricsPortText !== undefined && (!/^\d+$/.test(metricsPortText) || Number(metricsPortText) > 65535))
    throw new ConfigError(`MFA_DESK_METRICS_PORT "${metricsPortText}" is not a port number (0–65535).`);
  const metricsHost = text(flags, 'metrics-host', env, 'MFA_DESK_METRICS_HOST') ?? '127.0.0.1';
  const publicUrl = text(flags, 'public-url', env, 'MFA_DESK_PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl))
    throw new ConfigError('MFA_DESK_PUBLIC_URL must be an http(s) URL, like https://mfa.example.com.');
  const dataDir = path.resolve(text(flags, 'data', env, 'MFA_DESK_DATA') ?? '.data');
  const logLevel = (text(flags, 'log-level', env, 'MFA_DESK_LOG_LEVEL') ?? 'info') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`Log level "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}.`);
  const databaseUrl = text(flags, 'database-url', env, 'MFA_DESK_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('MFA_DESK_DATABASE_URL must be a postgres:// URL.');
  mkdirSync(dataDir, { recursive: true });
  const { key, source } = encryptionKey(text(flags, 'encryption-key', env, 'MFA_DESK_ENCRYPTION_KEY'), dataDir);
  return {
    host,
    port,
    metrics: metricsPortText === undefined ? null : { host: metricsHost, port: Number(metricsPortText) },
    dataDir,
    databaseUrl,
    encryptionKey: key,
    encryptionKeySource: source,
    logLevel,
    issuer: text(flags, 'issuer', env, 'MFA_DESK_ISSUER') ?? 'MFA Desk',
    demo: flags.demo === true,
    bootstrapSession: bootstrapSession(flags),
    publicUrl: publicUrl?.replace(/\/$/, ''),
    trustedAuthservIds: list(text(flags, 'trusted-authserv-ids', env, 'MFA_DESK_TRUSTED_AUTHSERV_IDS')),
    dnsServers: dnsServers(text(flags, 'dns-servers', env, 'MFA_DESK_DNS_SERVERS')),
    supportAddresses: supportAddresses(text(flags, 'support-addresses', env, 'MFA_DESK_SUPPORT_ADDRESSES'), flags.demo === true),
    requestMaxAgeDays: whole(
      text(flags, 'request-max-age-days', env, 'MFA_DESK_REQUEST_MAX_AGE_DAYS') ?? '7',
      'MFA_DESK_REQUEST_MAX_AGE_DAYS',
    ),
    requestValidityHours: whole(
      text(flags, 'request-validity-hours', env, 'MFA_DESK_REQUEST_VALIDITY_HOURS') ?? '24',
      'MFA_DESK_REQUEST_VALIDITY_HOURS',
    ),
    mailCheckBudgetMs: positive(
      text(flags, 'mail-check-budget-ms', env, 'MFA_DESK_MAIL_CHECK_BUDGET_MS') ?? '10000',
      'MFA_DESK_MAIL_CHECK_BUDGET_MS',
    ),
    rawMessageRetentionDays: whole(
      text(flags, 'raw-retention-days', env, 'MFA_DESK_RAW_RETENTION_DAYS') ?? '0',
      'MFA_DESK_RAW_RETENTION_DAYS',
    ),
    auditDetailsRetentionDays: whole(
      text(flags, 'audit-details-retention-days', env, 'MFA_DESK_AUDIT_DETAILS_RETENTION_DAYS') ?? '0',
      'MFA_DESK_AUDIT_DETAILS_RETENTION_DAYS',
    ),
    smtpUrl: smtpUrl(text(flags, 'smtp-url', env, 'MFA_DESK_SMTP_URL')),
    mailFrom: text(flags, 'mail-from', env, 'MFA_DESK_MAIL_FROM') ?? 'MFA Desk <no-reply@mfa-desk.invalid>',
    enrollmentTicketHours: positive(text(flags, 'ticket-hours', env, 'MFA_DESK_TICKET_HOURS') ?? '72', 'MFA_DESK_TICKET_HOURS'),
    clockCheckWindowMinutes: positive(
      text(flags, 'clock-window-minutes', env, 'MFA_DESK_CLOCK_WINDOW_MINUTES') ?? '10',
      'MFA_DESK_CLOCK_WINDOW_MINUTES',
    ),
    ticketWatchRecheckSeconds: positive(
      text(flags, 'ticket-watch-recheck-seconds', env, 'MFA_DESK_TICKET_WATCH_RECHECK_SECONDS') ?? '10',
      'MFA_DESK_TICKET_WATCH_RECHECK_SECONDS',
    ),
  };
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

function whole(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, not "${value}".`);
  return Number(value);
}

function positive(value: string, name: string): number {
  const n = whole(value, name);
  if (n === 0) throw new ConfigError(`${name} must be at least 1.`);
  return n;
}

function dnsServers(value: string | undefined): string[] | undefined {
  try {
    return parseDnsServers(value);
  } catch (error) {
    throw new ConfigError(`MFA_DESK_DNS_SERVERS: ${(error as Error).message}`);
  }
}

function bootstrapSession(flags: RawSettings): boolean {
  if (flags['bootstrap-session'] === undefined) return false;
  if (flags['bootstrap-session'] !== true) throw new ConfigError('--bootstrap-session takes no value.');
  // A session on stdout is for a parent process that reads it; only the demo admin of a demo backend gets one.
  if (flags.demo !== true) throw new ConfigError('--bootstrap-session goes only with --demo: it signs the console in as the demo admin.');
  return true;
}

/** The demo organisation's support desk: its agents are on desk.example (cli/seedDemo.ts). */
export const DEMO_SUPPORT_ADDRESS = 'support@desk.example';

function supportAddresses(value: string | undefined, demo: boolean): string[] {
  if (value === undefined && demo) return [DEMO_SUPPORT_ADDRESS];
  try {
    return parseSupportAddresses(value);
  } catch (error) {
    throw new ConfigError(`MFA_DESK_SUPPORT_ADDRESSES: ${(error as Error).message}`);
  }
}

function smtpUrl(value: string | undefined): string | undefined {
  if (value && !/^smtps?:\/\/[^\s]+$/.test(value))
    throw new ConfigError('MFA_DESK_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.');
  return value;
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
