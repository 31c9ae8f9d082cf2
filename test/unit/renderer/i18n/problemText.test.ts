import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DISABLE_CHECK_CODES, DISABLE_WARNING_CODES, HIGHLIGHT_KINDS, type DisableCheckCode } from '../../../../src-shared/api';
import { CHECK_PARAM_KINDS, CHECK_PARAMS } from '../../../../src-shared/checkParams';
import { PROBLEM_CODES, PROBLEM_PARAMS } from '../../../../src-shared/problems';
import { applyLanguage } from '../../../../src-renderer/src/i18n';
import { de } from '../../../../src-renderer/src/i18n/messages/de';
import { en } from '../../../../src-renderer/src/i18n/messages/en';
import { enAccountArea } from '../../../../src-renderer/src/i18n/messages/enAccountArea';
import { deAccountArea } from '../../../../src-renderer/src/i18n/messages/deAccountArea';
import { problemText, worded } from '../../../../src-renderer/src/i18n/problemText';

const MESSAGES = { en: { ...en, ...enAccountArea }, de: { ...de, ...deAccountArea } };
const namesIn = (message: string) => [...message.matchAll(/\{\s*([a-zA-Z]\w*)\s*\}/g)].map((m) => m[1]);
const languages = Object.keys(MESSAGES) as (keyof typeof MESSAGES)[];

// applyLanguage sets <html lang>; the unit project runs without a page.
globalThis.document ??= { documentElement: { lang: '' } } as unknown as Document;
beforeAll(() => applyLanguage('en'));
afterEach(() => applyLanguage('en'));

describe('the problems the server and main can send, in every console language', () => {
  it.each(languages)('%s words every declared problem code, and nothing else', (language) => {
    const problems = MESSAGES[language].problems;
    expect(Object.keys(problems).sort()).toEqual([...PROBLEM_CODES].sort());
  });

  it.each(languages)('%s fills in only the params the code declares', (language) => {
    const problems: Record<string, string> = MESSAGES[language].problems;
    const undeclared = PROBLEM_CODES.flatMap((code) =>
      namesIn(problems[code] ?? '')
        .filter((name) => !(PROBLEM_PARAMS[code] ?? []).includes(name ?? ''))
        .map((name) => `${code}: {${name ?? ''}}`),
    );
    expect(undeclared).toEqual([]);
  });

  it.each(languages)('%s words every check (passed and failed), warning and marked character', (language) => {
    const words = MESSAGES[language].fromServer;
    const checks = MESSAGES[language].disableChecks;
    expect(Object.keys(checks.passed).sort()).toEqual([...DISABLE_CHECK_CODES].sort());
    expect(Object.keys(checks.failed).sort()).toEqual([...DISABLE_CHECK_CODES].sort());
    for (const outcome of ['passed', 'failed'] as const)
      expect(Object.keys(checks.detailed[outcome]).sort()).toEqual(Object.keys(CHECK_PARAMS[outcome]).sort());
    expect(Object.keys(words.warning).sort()).toEqual([...DISABLE_WARNING_CODES].sort());
    expect(Object.keys(words.highlight).sort()).toEqual([...HIGHLIGHT_KINDS].sort());
  });

  it.each(languages)(
    '%s fills a detailed check only with the params the server declares for it, and the request facts',
    async (language) => {
      const detailed: Record<'passed' | 'failed', Record<string, string>> = MESSAGES[language].disableChecks.detailed;
      const facts = ['login', 'sender', 'name', 'replyTo'];
      const undeclared = (['passed', 'failed'] as const).flatMap((outcome) =>
        Object.entries(detailed[outcome]).flatMap(([code, text]) => {
          const declared: readonly string[] = CHECK_PARAMS[outcome][code as DisableCheckCode] ?? [];
          return namesIn(text)
            .filter((name = '') => !facts.includes(name) && !declared.includes(name))
            .map((name) => `${outcome}.${code}: {${name ?? ''}}`);
        }),
      );
      expect(undeclared).toEqual([]);
    },
  );
});

describe('the facts a check may send', () => {
  it('each has a declared kind, so the console shows it as a date, a number or an amount', () => {
    const names = Object.values(CHECK_PARAMS).flatMap((byCode) => Object.values(byCode).flat());
    expect(names.filter((name) => !(name in CHECK_PARAM_KINDS))).toEqual([]);
  });
});

describe('problemText', () => {
  it('words a known code in the console language, filled in with its params', async () => {
    await applyLanguage('de');
    expect(problemText('mfa_already_off', { login: 'anna@example.com' }, 'MFA is already off for anna@example.com.')).toBe(
      'MFA ist für anna@example.com bereits ausgeschaltet.',
    );
    expect(problemText('request_not_verified', { verdict: 'lookalike' }, 'English')).toMatch(/^Diese Anfrage ist nicht verifiziert/);
  });

  it('shows the English sentence for a code it does not know, or one that came without its params', async () => {
    await applyLanguage('de');
    expect(problemText('brand_new_problem', undefined, 'A newer backend said this.')).toBe('A newer backend said this.');
    expect(problemText('incoming_claimed', undefined, 'Another agent is working on this request.')).toBe(
      'Another agent is working on this request.',
    );
  });

  it('keeps an error on screen in step with a switch of language', async () => {
    await applyLanguage('en');
    const error = worded({ code: 'two_person_rule', message: 'server sentence' });
    expect(error.message).toBe('You raised this escalation yourself: a different admin must decide it.');
    await applyLanguage('de');
    expect(error.message).toBe('Sie haben diese Eskalation selbst gestellt: Ein anderer Admin muss entscheiden.');
    expect(error.code).toBe('two_person_rule');
  });
});
