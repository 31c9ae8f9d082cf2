/**
 * The sentences the backend writes beside a stable code — a disable request's checks and warnings, the
 * clock check's advice, an alert's summary — worded in the console's language from the code and the
 * facts the answer carries. The backend's English stays in its answers for API clients and the audit log.
 */
import type { ClockCheckResult } from '../../../src-shared/resetApi';
import { clockVerdict } from '../../../src-shared/clockVerdict';
import type { DisableRequest } from '../../../src-shared/api';
import { CHECK_PARAM_KINDS, CHECK_PARAMS, type CheckParamName } from '../../../src-shared/checkParams';
import type { Alert } from '../../../src-shared/auditApi';
import { ALERT_SENTENCES, alertSentence } from '../../../src-shared/alertSentences';
import type { AppStatus } from '../../../src-shared/ipc';
import { currentLanguage, t } from '../i18n';
import { formatDateTime, formatNumber } from './dates';

type Check = DisableRequest['checks'][number];
type Warning = DisableRequest['warnings'][number];

/** The names a check or warning sentence may fill in, from the request and the account it was checked for. */
function requestFacts(request: DisableRequest, login: string) {
  return {
    login,
    sender: request.headers.from?.address ?? '',
    name: request.headers.from?.name ?? '',
    replyTo: request.headers.replyTo.join(', '),
  };
}

/** The backend in use, for display: the built-in one by name, a remote one by its host. */
export function backendName(status: AppStatus): string {
  return status.mode === 'embedded' ? t('fromServer.builtInBackend') : status.backendLabel;
}

/** A check's facts as the agent reads them: dates and numbers in the console's locale, days and minutes with their unit. */
function shownParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      const kind = name in CHECK_PARAM_KINDS ? CHECK_PARAM_KINDS[name as CheckParamName] : 'text';
      if (kind === 'date') return [name, formatDateTime(value)];
      if (kind === 'text' || !/^\d+$/.test(value)) return [name, value];
      const n = Number(value);
      return [name, kind === 'number' ? formatNumber(n) : t(`disableChecks.amount.${kind}`, { n: formatNumber(n) }, n)];
    }),
  );
}

/** What a check found, in one sentence: by its code and outcome, with the specifics the server sent when it sent them all. */
export function checkText(check: Check, request: DisableRequest, login: string): string {
  const facts = requestFacts(request, login);
  const outcome = check.passed ? 'passed' : 'failed';
  const { params } = check;
  const names = CHECK_PARAMS[outcome][check.code];
  if (params && names?.every((name) => name in params))
    return t(`disableChecks.detailed.${outcome}.${check.code}`, { ...facts, ...shownParams(params) });
  return t(`disableChecks.${outcome}.${check.code}`, facts);
}

/** A warning of a verified request, in one sentence. */
export function warningText(warning: Warning, request: DisableRequest, login: string): string {
  return t(`fromServer.warning.${warning.code}`, requestFacts(request, login));
}

/** Why a character of the sender's address is marked; the server's English for a request checked before it sent `kind`. */
export function highlightReason(highlight: DisableRequest['fromHighlights'][number]): string {
  if (!highlight.kind) return highlight.reason;
  const codePoint = Array.from(highlight.char, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  return t(`fromServer.highlight.${highlight.kind}`, { codePoint, shows: highlight.shows ?? highlight.char });
}

/** What the agent tells the user after a clock check (the server's advice, in the console's language). */
export function clockAdvice(result: ClockCheckResult, login: string): string {
  if (!result.matched) return t('fromServer.clock.noMatch', { login, minutes: result.windowMinutes });
  const verdict = clockVerdict(result.offsetSeconds);
  if (verdict.kind === 'right') return t('fromServer.clock.right');
  return t(`fromServer.clock.${verdict.kind}`, {
    amount: t(`fromServer.clock.${verdict.amount.unit}`, { n: formatNumber(verdict.amount.n) }),
  });
}

/** An alert's summary in the console's language, from its kind, subject, count and facts (src-shared/alertSentences.ts). */
export function alertSummary(alert: Alert): string {
  return alertSentence(alert, ALERT_SENTENCES[currentLanguage()], { number: formatNumber, dateTime: formatDateTime });
}
