/**
 * The console's settings file (which backend to use, desktop notifications on or off, the agent's language). It holds no secrets; a damaged or hand-edited
 * file that does not match the contract is ignored with a log line rather than half-applied.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Compile } from 'typebox/compile';
import { BackendChoice, ConsoleLanguage } from '../../src-shared/consoleApi.js';

export interface ConsoleSettings {
  backend: BackendChoice;
  /** Desktop notifications of new escalations and alerts. */
  notifications: boolean;
  /** Null follows the computer's language. */
  language: ConsoleLanguage | null;
}

const checkBackend = Compile(BackendChoice);
const checkLanguage = Compile(ConsoleLanguage);
const DEFAULTS: ConsoleSettings = { backend: { mode: 'embedded' }, notifications: true, language: null };

export class SettingsStore {
  private readonly file: string;
  private current: ConsoleSettings;

  constructor(
    dir: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'settings.json');
    this.current = this.load();
  }

  get(): ConsoleSettings {
    return structuredClone(this.current);
  }

  setBackend(backend: BackendChoice): void {
    this.save({ ...this.current, backend });
  }

  setNotifications(notifications: boolean): void {
    this.save({ ...this.current, notifications });
  }

  setLanguage(language: ConsoleLanguage | null): void {
    this.save({ ...this.current, language });
  }

  private save(settings: ConsoleSettings): void {
    this.current = settings;
    // Write then rename, so a crash never leaves half a file.
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.current, null, 2), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }

  private load(): ConsoleSettings {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return structuredClone(DEFAULTS);
    }
    const field = (name: string): unknown => (typeof raw === 'object' && raw !== null && name in raw ? Reflect.get(raw, name) : undefined);
    const backend = field('backend');
    const notifications = field('notifications');
    const language = field('language');
    if (!checkBackend.Check(backend) || (notifications !== undefined && typeof notifications !== 'boolean')) {
      this.log(`Ignoring ${this.file}: its settings are not valid.`);
      return structuredClone(DEFAULTS);
    }
    // A language this console does not speak (or none, from an older file) follows the computer's.
    if (language !== undefined && language !== null && !checkLanguage.Check(language)) {
      this.log(`Ignoring the language in ${this.file}: ${JSON.stringify(language)} is not one the console speaks.`);
    }
    return {
      backend,
      notifications: notifications ?? DEFAULTS.notifications,
      language: checkLanguage.Check(language) ? language : null,
    };
  }
}
