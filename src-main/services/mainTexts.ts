/**
 * The few sentences main writes itself for the agent to read outside the page — desktop notifications,
 * the application menu and the About box — in the agent's language: the one chosen in Settings, else the
 * computer's, read once in main and sent to the page in its status so that both speak the same.
 * Errors main returns to the page are worded there, by their code (src-shared/problems.ts).
 */
import { ALERT_SENTENCES, alertSentence, type AlertFormats, type AlertWording } from '../../src-shared/alertSentences.js';
import { CONSOLE_LANGUAGES, type ConsoleLanguage } from '../../src-shared/consoleApi.js';

/** Menu labels; an & marks the letter Alt reaches it by on Windows and Linux (dropped on macOS). */
interface MenuTexts {
  file: string;
  edit: string;
  go: string;
  view: string;
  window: string;
  help: string;
  about: (app: string) => string;
  settings: string;
  findAccount: string;
  shortcuts: string;
  restartToInstall: (version: string) => string;
  quit: string;
  exit: string;
  ok: string;
}

export interface MainTexts {
  menu: MenuTexts;
  newEscalation: { title: string; body: (login: string) => string };
  newAlert: { title: string };
}

export const MAIN_TEXTS: Record<ConsoleLanguage, MainTexts> = {
  en: {
    menu: {
      file: '&File',
      edit: '&Edit',
      go: '&Go',
      view: '&View',
      window: '&Window',
      help: '&Help',
      about: (app) => `About ${app}`,
      settings: 'Settings…',
      findAccount: 'Find an Account…',
      shortcuts: 'Keyboard Shortcuts',
      restartToInstall: (version) => `Restart to Install Version ${version}`,
      quit: 'Quit',
      exit: 'Exit',
      ok: 'OK',
    },
    newEscalation: { title: 'New escalation', body: (login) => `A disable request for ${login} waits for your decision.` },
    newAlert: { title: 'New alert' },
  },
  de: {
    menu: {
      file: '&Datei',
      edit: '&Bearbeiten',
      go: '&Gehe zu',
      view: '&Ansicht',
      window: '&Fenster',
      help: '&Hilfe',
      about: (app) => `Über ${app}`,
      settings: 'Einstellungen…',
      findAccount: 'Konto suchen…',
      shortcuts: 'Tastenkürzel',
      restartToInstall: (version) => `Neu starten und Version ${version} installieren`,
      quit: 'Beenden',
      exit: 'Beenden',
      ok: 'OK',
    },
    newEscalation: { title: 'Neue Eskalation', body: (login) => `Eine Deaktivierungsanfrage für ${login} wartet auf Ihre Entscheidung.` },
    newAlert: { title: 'Neuer Alarm' },
  },
};

/** Numbers and times as a language writes them, built once per language (as the page's dates.ts does). */
const formats = new Map<ConsoleLanguage, AlertFormats>();
function alertFormats(language: ConsoleLanguage): AlertFormats {
  let found = formats.get(language);
  if (!found) {
    const number = new Intl.NumberFormat(language);
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    found = {
      number: (n) => number.format(n),
      // A time that does not parse is shown as sent, as the page's formatDateTime does.
      dateTime: (at) => (Number.isNaN(Date.parse(at)) ? at : dateTime.format(Date.parse(at))),
    };
    formats.set(language, found);
  }
  return found;
}

/** A new alert's notification text: the sentence the Audit view shows (src-shared/alertSentences.ts), in `language`. */
export function alertBody(alert: AlertWording, language: ConsoleLanguage): string {
  return alertSentence(alert, ALERT_SENTENCES[language], alertFormats(language));
}

/** The agent's language: the one chosen, else the computer's first one the console speaks, else English. */
export function agentLanguage(chosen: ConsoleLanguage | null, system: readonly string[]): ConsoleLanguage {
  if (chosen) return chosen;
  for (const tag of system) {
    const language = CONSOLE_LANGUAGES.find((l) => tag.toLowerCase().split(/[-_]/)[0] === l);
    if (language) return language;
  }
  return 'en';
}

/** The computer's languages where no Electron asks the system: the locale Node runs in. */
export function processLanguages(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env['LC_ALL'], env['LC_MESSAGES'], env['LANG'], Intl.DateTimeFormat().resolvedOptions().locale].filter(
    (tag): tag is string => Boolean(tag) && tag !== 'C' && tag !== 'POSIX',
  );
}
