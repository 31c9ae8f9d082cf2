/**
 * Settings declared once. Each entry names its command-line flag and/or environment variable, its
 * default, what it means, and how its text is read; from the same table come the parsing (flags win
 * over the environment), the sentence a bad value stops start-up with, and the README's tables
 * (`npm run docs:settings`, checked by test/unit/shared/settings.test.ts).
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Command-line flags as parsed: `--name value` is a string, a bare `--flag` is true. */
export interface RawSettings {
  [flag: string]: string | boolean | undefined;
}

export interface Setting<T> {
  /** Command-line flag, without the dashes. */
  readonly flag?: string;
  /** Environment variable. */
  readonly env?: string;
  /** A flag that takes no value (`--demo`): its text is 'on' when given. */
  readonly switch?: true;
  /** The default, in words, for the README. */
  readonly shownDefault: string;
  /** What the setting does, for the README. */
  readonly meaning: string;
  /** The value from its text (undefined when unset); a bad text throws a ConfigError that names the setting. */
  readonly read: (text: string | undefined, name: string) => T;
}

export type SettingTable = Readonly<Record<string, Setting<unknown>>>;
export type SettingValues<S extends SettingTable> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export const setting = <T>(spec: Setting<T>): Setting<T> => spec;

/** The name a message uses: the environment variable when there is one, else the flag. */
export const settingName = (spec: Setting<unknown>): string => spec.env ?? `--${spec.flag ?? '?'}`;

/** The setting's text: the flag's when given, else the environment variable's. */
export function settingText(
  spec: Setting<unknown>,
  flags: RawSettings,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const given = spec.flag === undefined ? undefined : flags[spec.flag];
  if (spec.switch) {
    if (given === undefined || given === false) return undefined;
    if (given !== true) throw new ConfigError(`--${spec.flag ?? '?'} takes no value.`);
    return 'on';
  }
  if (given === true) throw new ConfigError(`--${spec.flag ?? '?'} needs a value.`);
  if (typeof given === 'string') return given;
  return spec.env === undefined ? undefined : env[spec.env];
}

export function readSettings<S extends SettingTable>(
  table: S,
  flags: RawSettings,
  env: Readonly<Record<string, string | undefined>>,
): SettingValues<S> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) values[key] = spec.read(settingText(spec, flags, env), settingName(spec));
  // Each key was read with its own entry's reader, so each value has that entry's type.
  return values as SettingValues<S>;
}

/** The README table for a setting table: one row per entry, in declaration order. */
export function settingsMarkdown(table: SettingTable): string[][] {
  const code = (text: string | undefined, prefix = '') => (text === undefined ? '' : `\`${prefix}${text}\``);
  return Object.values(table).map((spec) => [code(spec.flag, '--'), code(spec.env), spec.shownDefault, spec.meaning]);
}

// ── readers ─────────────────────────────────────────────────────────────────────────────────────

/** Free text; the default when unset. */
export const text =
  <D extends string | undefined>(fallback: D) =>
  (value: string | undefined): string | D =>
    value ?? fallback;

export const whole =
  (fallback: number) =>
  (value: string | undefined, name: string): number => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, not "${value}".`);
    return Number(value);
  };

export const positive =
  (fallback: number) =>
  (value: string | undefined, name: string): number => {
    const n = whole(fallback)(value, name);
    if (n === 0) throw new ConfigError(`${name} must be at least 1.`);
    return n;
  };

export const portNumber =
  <D extends number | undefined>(fallback: D) =>
  (value: string | undefined, name: string): number | D => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigError(`${name} "${value}" is not a port number (0–65535).`);
    return Number(value);
  };

export const oneOf =
  <const V extends readonly string[]>(values: V, fallback: V[number]) =>
  (value: string | undefined, name: string): V[number] => {
    if (value === undefined) return fallback;
    const found = values.find((v) => v === value);
    if (found === undefined) throw new ConfigError(`${name} "${value}" is not one of ${values.join(', ')}.`);
    return found;
  };

/** Text that must match a pattern; `sentence` says what it should look like. */
export const matching =
  (pattern: RegExp, sentence: string) =>
  (value: string | undefined, name: string): string | undefined => {
    if (value === undefined || value === '') return undefined;
    if (!pattern.test(value)) throw new ConfigError(`${name} ${sentence}`);
    return value;
  };

/** A comma-separated list, trimmed and lower-cased. */
export const lowerCaseList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** A switch: true when given. */
export const on = (value: string | undefined): boolean => value === 'on';

/** A reader whose own errors (plain Errors) become ConfigErrors naming the setting. */
export const parsedBy =
  <T>(parse: (value: string | undefined) => T) =>
  (value: string | undefined, name: string): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new ConfigError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

/** One setting read on its own, from the environment only. */
export const readEnvironmentSetting = <T>(spec: Setting<T>, env: Readonly<Record<string, string | undefined>>): T =>
  spec.read(settingText(spec, {}, env), settingName(spec));
