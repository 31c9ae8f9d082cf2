/**
 * Backend configuration from command-line flags and MFA_DESK_* environment variables (flags win).
 * A bad value stops start-up with a sentence naming the setting; nothing starts half-configured.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  encryptionKey: Buffer;
  /** Where the key came from, for the start-up line; never the key itself. */
  encryptionKeySource: 'environment' | 'key file';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Name shown in authenticator apps next to the account. */
  issuer: string;
  demo: boolean;
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
    dataDir,
    databaseUrl,
    encryptionKey: key,
    encryptionKeySource: source,
    logLevel,
    issuer: text(flags, 'issuer', env, 'MFA_DESK_ISSUER') ?? 'MFA Desk',
    demo: flags.demo === true,
  };
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
