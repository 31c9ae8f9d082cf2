/**
 * An audit event's details in words, for the agent's eyes: each recorded field named, dates in the
 * agent's locale, verdicts, states and steps in the console's words. Nothing is left as raw JSON or an
 * ISO timestamp; the hash chain covers the stored form, which the export keeps.
 */
import { ACCOUNT_LANGUAGES, DISABLE_CHECK_CODES, DISABLE_VERDICTS } from '../../../src-shared/api';
import { MFA_STATES } from '../../../src-shared/domain';
import { isOneOf, isRecord } from '../../../src-shared/narrowing';
import { TICKET_STATUSES } from '../../../src-shared/resetApi';
import { t, te } from '../i18n';
import { formatDateTime, formatNumber } from './dates';
import { isPermanentLock, MFA_STATE_LABELS, permanentLockLabel } from './mfaStates';
import { STATUS_LABELS } from './ticketSteps';
import { VERDICTS } from './verdicts';

export interface DetailLine {
  label: string;
  value: string;
}

/** Fields support actions record, named in the catalogue; any other field is named from its own spelling. */
const fieldName = (key: string): string => (te(`audit.field.${key}`) ? t(`audit.field.${key}`) : wordsOf(key));

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "minutesTaken" → "Minutes taken". */
function wordsOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueWords(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.length ? value.map((item) => valueWords(key, item)).join(', ') : t('audit.none');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([inner, innerValue]) => `${fieldName(inner)}: ${valueWords(inner, innerValue)}`)
      .join('; ');
  }
  // Details are JSON: what is left is a string.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (key === 'verdict' && isOneOf(DISABLE_VERDICTS, text)) return VERDICTS[text].title;
  if (key === 'previousState' && isOneOf(MFA_STATES, text)) return MFA_STATE_LABELS[text];
  if (key === 'status' && isOneOf(TICKET_STATUSES, text)) return STATUS_LABELS[text];
  if ((key === 'language' || key === 'languageBefore') && isOneOf(ACCOUNT_LANGUAGES, text)) return t(`settings.languages.${text}`);
  if (key === 'channel') return text === 'phone' ? t('audit.phoneCall') : text === 'email' ? t('audit.email') : text;
  if (isOneOf(DISABLE_CHECK_CODES, text)) return t(`audit.check.${text}`);
  if (key === 'lockedUntil' && ISO_TIME.test(text) && isPermanentLock(text)) return permanentLockLabel();
  if (ISO_TIME.test(text)) return formatDateTime(text);
  // Codes (check names, warnings, stages) read as words.
  return /^[a-z]+(_[a-z]+)+$/.test(text) ? wordsOf(text) : text;
}

/** The event's details, one line per recorded field, in words. */
export function describeDetails(details: Record<string, unknown>): DetailLine[] {
  return Object.entries(details).map(([key, value]) => ({ label: fieldName(key), value: valueWords(key, value) }));
}
