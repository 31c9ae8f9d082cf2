/** The texts users read, in their language: replies to incoming requests and the notices MFA Desk sends. */
import { describe, expect, it } from 'vitest';
import { replyText } from '../../../../../src-server/domain/intake/replyTemplates.js';
import { MAIL_TEXTS } from '../../../../../src-server/domain/mail/mailTexts.js';
import { mfaResetNotice } from '../../../../../src-server/domain/mail/notifications.js';

const at = new Date('2026-11-30T14:05:00.000Z');

describe('e-mails in the user’s language', () => {
  it('answers an incoming request in the matched account’s language, keeping the request’s subject and ticket', () => {
    const german = replyText('send_from_login', { subject: 'Re: MFA aus [#T-9]', ticketRef: 'T-9' }, 'de');
    expect(german.subject).toBe('Re: MFA aus [#T-9]');
    expect(german.body).toMatch(/^Hallo,\n\nWir können die Multi-Faktor-Authentifizierung/);
    expect(german.body.endsWith('Ihr MFA-Desk-Support')).toBe(true);
    expect(replyText('request_received', { subject: null, ticketRef: 'T-9' }, 'de').subject).toBe('Re: Ihre MFA-Anfrage [#T-9]');
  });

  it('answers in English when the sender matched no account, or the language is unknown', () => {
    for (const language of [null, undefined, 'fr']) {
      const reply = replyText('request_received', { subject: null, ticketRef: null }, language);
      expect(reply.subject).toBe('Re: Your MFA request');
      expect(reply.body).toMatch(/^Hello,\n\nWe received your request/);
    }
  });

  it('writes the new-phone notice in German with the time the German way, in UTC', () => {
    const notice = mfaResetNotice({ displayName: 'Jonas', login: 'jonas@corp.example', locale: 'de' }, at);
    expect(notice.subject).toBe('MFA ist auf Ihrem neuen Telefon eingerichtet');
    expect(notice.body).toContain('wurde am 30.11.2026, 14:05 UTC auf einem neuen Telefon eingerichtet');
    expect(mfaResetNotice({ displayName: 'Jo', login: 'jo@corp.example', locale: 'en' }, at).body).toContain('at 2026-11-30 14:05 UTC');
  });

  it('has every reply template in every language', () => {
    const templates = Object.keys(MAIL_TEXTS.en.replies.bodies).sort();
    for (const texts of Object.values(MAIL_TEXTS)) expect(Object.keys(texts.replies.bodies).sort()).toEqual(templates);
  });
});
