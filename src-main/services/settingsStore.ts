/**
 * The console's settings file (which backend to use). It holds no secrets; a damaged or hand-edited
 * file that does not match the contract is ignored with a log line rather than half-applied.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Compile } from 'typebox/compile';
import { BackendChoice } from '../../src-shared/consoleApi.js';

export interface ConsoleSettings {
  backend: BackendChoice;
}

const checkBackend = Compile(BackendChoice);
const DEFAULTS: ConsoleSettings = { backend: { mode: 'embedded' } };

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
    this.current = { ...this.current, backend };
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
    const backend = typeof raw === 'object' && raw !== null && 'backend' in raw ? raw.backend : undefined;
    if (!checkBackend.Check(backend)) {
      this.log(`Ignoring ${this.file}: its backend setting is not valid.`);
      return structuredClone(DEFAULTS);
    }
    return { backend };
  }
}
