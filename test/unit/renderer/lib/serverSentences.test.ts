import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DisableRequest } from '../../../../src-shared/api';
import type { Alert } from '../../../../src-shared/auditApi';
import { applyLanguage, loadArea } from '../../../../src-renderer/src/i18n';
import { formatDateTime } from '../../../../src-renderer/src/lib/dates';
import { alertSummary, checkText, clockAdvice, highlightReason, warningText } from '../../../../src-renderer/src/lib/serverSentences';

globalThis.document ??= { documentElement: { lang: '' } } as unknown as Document;
// The check sentences are the account area's texts, loaded with the panel.
beforeAll(async () => {
  await applyLanguage('en');
  await loadArea('account');
});
afterEach(() => applyLanguage('en'));

const request = {
  headers: {
    from: { address: 'anna@contoso.example', name: 'Anna' },
    replyTo: ['mallory@evil.example'],
    date: null,
    messageId: null,
    subject: null,
  },
} as unknown as DisableRequest;

describe("the server's sentences, worded by the console", () => {
  it('says what a check found by its code and outcome, with the sender and the login', async () => {
    await applyLanguage('de');
    expect(checkText({ code: 'address_matches_login', passed: false, message: 'English' }, request, 'anna@northwind.example')).toBe(
      'Der Absender anna@contoso.example ist nicht der Login anna@northwind.example des Kontos.',
    );
    expect(warningText({ code: 'reply_to_elsewhere', message: 'English' }, request, 'anna@contoso.example')).toMatch(
      /^Antworten auf diese Nachricht gingen an mallory@evil\.example/,
    );
  });

  it('names the addresses the server found when it sent them, and says it plainly when it did not', async () => {
    await applyLanguage('de');
    const failed = { code: 'addressed_to_support' as const, passed: false, message: 'English' };
    expect(
      checkText({ ...failed, params: { recipients: 'bob@corp.example', support: 'support@desk.example' } }, request, 'x@y.example'),
    ).toBe(
      'Die Nachricht ist an bob@corp.example gerichtet, nicht an den Support (support@desk.example): Sie ist keine Anfrage an den Support.',
    );
    expect(checkText({ ...failed, params: { support: 'support@desk.example' } }, request, 'x@y.example')).toMatch(
      /^Die Nachricht ist in To oder Cc nicht an eine Support-Adresse gerichtet/,
    );
  });

  it("words the facts a check found: the signing domain, and dates and numbers in the agent's locale", async () => {
    await applyLanguage('de');
    const dkim = { code: 'dkim_aligned' as const, message: 'English' };
    expect(checkText({ ...dkim, passed: true, params: { signer: 'mail.contoso.example' } }, request, 'x@y.example')).toBe(
      'Die Nachricht ist per DKIM von mail.contoso.example signiert, der Domain oder Organisation des Absenders, und die Signatur ist gültig.',
    );
    expect(
      checkText({ ...dkim, passed: false, params: { signer: 'evil.example', domain: 'contoso.example' } }, request, 'x@y.example'),
    ).toBe(
      'Die Nachricht trägt eine DKIM-Signatur von evil.example, aber keine gültige Signatur der Absenderdomain contoso.example deckt die ganze Nachricht ab.',
    );
    const old = { code: 'date_within_max_age' as const, passed: false, message: 'English' };
    const params = { date: '2026-10-03T09:15:00.000Z', days: '1234', maxDays: '7' };
    const sentence = checkText({ ...old, params }, request, 'x@y.example');
    expect(sentence).toBe(
      `Die Nachricht wurde am ${formatDateTime(params.date)} gesendet und ist 1.234 Tage alt, älter als erlaubt (7 Tage). Bitten Sie die Person um eine neue Anfrage.`,
    );
    expect(sentence).not.toContain('2026-10-03T');
    expect(checkText({ ...old, params: { date: params.date } }, request, 'x@y.example')).toBe(
      'Die Nachricht ist älter als die erlaubten Tage; bitten Sie die Person um eine neue Anfrage.',
    );
    expect(
      checkText(
        { code: 'date_within_max_age', passed: true, message: 'x', params: { date: params.date, maxDays: '1' } },
        request,
        'x@y.example',
      ),
    ).toBe(`Die Nachricht wurde am ${formatDateTime(params.date)} gesendet, innerhalb der erlaubten Frist (1 Tag).`);
    await applyLanguage('en');
    expect(
      checkText(
        {
          code: 'date_not_in_future',
          passed: false,
          message: 'x',
          params: { date: '2027-01-01T00:00:00.000Z', minutes: '1500', skewMinutes: '10' },
        },
        request,
        'x@y.example',
      ),
    ).toBe(
      `The message is dated ${formatDateTime('2027-01-01T00:00:00.000Z')}, 1,500 minutes ahead of this server’s clock (clocks may differ by 10 minutes); a request cannot come from the future.`,
    );
    expect(
      checkText(
        { code: 'message_not_reused', passed: false, message: 'x', params: { usedAt: '2026-11-30T08:00:00.000Z' } },
        request,
        'x@y.example',
      ),
    ).toBe(
      `This message was already used on ${formatDateTime('2026-11-30T08:00:00.000Z')} to disable MFA; a message backs one disable only. Ask the user to send a new request.`,
    );
  });

  it('says why a character of the sender is marked, or the English reason of a request checked before kinds were sent', async () => {
    await applyLanguage('de');
    expect(highlightReason({ char: '\u043e', index: 0, reason: 'English', kind: 'confusable', shows: 'o' })).toBe(
      'sieht aus wie „o“, ist aber U+043E',
    );
    expect(highlightReason({ char: '+', index: 4, reason: 'sub-address tag', kind: 'plus_address' })).toBe(
      'Unteradress-Kennzeichen: ein anderes Postfach als der Login',
    );
    expect(highlightReason({ char: 'x', index: 0, reason: 'older English reason' })).toBe('older English reason');
  });

  it('gives the clock advice for the offset found, or for no match', async () => {
    await applyLanguage('de');
    expect(clockAdvice({ matched: true, offsetSeconds: -240, factor: 'current', advice: '' }, 'a@x.example')).toMatch(
      /^Das Telefon geht etwa 4 min nach/,
    );
    expect(clockAdvice({ matched: true, offsetSeconds: 90, factor: 'current', advice: '' }, 'a@x.example')).toMatch(/etwa 90 s vor/);
    expect(clockAdvice({ matched: true, offsetSeconds: 0, factor: 'new', advice: '' }, 'a@x.example')).toMatch(/geht richtig/);
    await applyLanguage('en');
    expect(clockAdvice({ matched: false, windowMinutes: 10, advice: '' }, 'a@x.example')).toBe(
      'The code does not match a@x.example’s authenticator at any time within ±10 minutes. Check that the user reads the code for the right account, or start a reset.',
    );
  });

  it('sums up an alert from its kind, count and facts', async () => {
    const alert: Alert = {
      id: 'x',
      kind: 'agent_action_spike',
      severity: 'warning',
      subject: { type: 'agent', id: 'a1', label: 'Bo Agent' },
      summary: 'English',
      facts: { normalPerHour: 1.5 },
      count: 12,
      since: '2026-04-16T12:05:00Z',
      evidence: [],
    };
    expect(alertSummary(alert)).toBe('Bo Agent disabled or reset MFA on 12 accounts in the last hour; their normal is 1.5 an hour.');
    await applyLanguage('de');
    expect(alertSummary(alert)).toBe(
      'Bo Agent hat in der letzten Stunde MFA bei 12 Konten ausgeschaltet oder zurückgesetzt; üblich sind 1,5 pro Stunde.',
    );
  });
});
