/**
 * An alert's sentence in each console language, written once for the three places that word it: the
 * backend's English `summary`, the Audit view's alert list, and main's desktop notification of a new
 * alert. Placeholders in braces are filled from the alert's subject, count and facts (`alertSentence`),
 * each place formatting numbers and times in its own way.
 */
import type { Alert, AlertKind } from './auditApi.js';
import type { ConsoleLanguage } from './consoleApi.js';

/** A sentence for every alert kind; after a reset or a disable, one for each. */
export type AlertSentences = Record<Exclude<AlertKind, 'failures_after_reset'>, string> & {
  failures_after_reset: Record<'reset' | 'disable', string>;
};

export const ALERT_SENTENCES: Record<ConsoleLanguage, AlertSentences> = {
  en: {
    agent_action_spike: '{subject} disabled or reset MFA on {count} accounts in the last hour; their normal is {normal} an hour.',
    code_replays: '{subject}: {count} already-used codes were tried in the last 24 hours.',
    repeated_lockouts: '{subject}: locked {count} times in the last 7 days.',
    failures_after_reset: {
      reset: '{subject}: {count} failed sign-ins since {agent} reset MFA at {date}.',
      disable: '{subject}: {count} failed sign-ins since {agent} disabled MFA at {date}.',
    },
  },
  de: {
    agent_action_spike:
      '{subject} hat in der letzten Stunde MFA bei {count} Konten ausgeschaltet oder zurückgesetzt; üblich sind {normal} pro Stunde.',
    code_replays: '{subject}: {count} bereits verwendete Codes wurden in den letzten 24 Stunden versucht.',
    repeated_lockouts: '{subject}: in den letzten 7 Tagen {count}-mal gesperrt.',
    failures_after_reset: {
      reset: '{subject}: {count} fehlgeschlagene Anmeldungen, seit {agent} MFA am {date} zurückgesetzt hat.',
      disable: '{subject}: {count} fehlgeschlagene Anmeldungen, seit {agent} MFA am {date} ausgeschaltet hat.',
    },
  },
};

/** How the place wording an alert writes a number and a time. */
export interface AlertFormats {
  number(value: number): string;
  dateTime(iso: string): string;
}

/** What an alert's sentence needs to be worded. */
export type AlertWording = Pick<Alert, 'kind' | 'subject' | 'count' | 'since' | 'facts'>;

/** The alert in the given language's sentences, its numbers and times written by `formats`. */
export function alertSentence(alert: AlertWording, sentences: AlertSentences, formats: AlertFormats): string {
  const values: Record<string, string> = { subject: alert.subject.label, count: formats.number(alert.count) };
  let template: string;
  switch (alert.kind) {
    case 'agent_action_spike':
      template = sentences.agent_action_spike;
      values['normal'] = formats.number(alert.facts.normalPerHour ?? 0);
      break;
    case 'failures_after_reset':
      template = sentences.failures_after_reset[alert.facts.override ?? 'reset'];
      values['agent'] = alert.facts.overrideBy ?? '';
      values['date'] = formats.dateTime(alert.since);
      break;
    default:
      template = sentences[alert.kind];
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
