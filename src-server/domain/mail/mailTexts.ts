/**
 * The e-mails users get, in each account's language (issue 13 §8): one catalogue per language with the
 * same keys (the type says so), times written the way the language writes them, always in UTC.
 * Add a language here, in ACCOUNT_LANGUAGES (src-shared/api.ts) and in the account pages' catalogue.
 */
import { ACCOUNT_LANGUAGES, type AccountLanguage } from '../../../src-shared/api.js';
import { isOneOf } from '../../../src-shared/narrowing.js';
import type { ReplyTemplate } from '../../../src-shared/intakeApi.js';

interface MailTexts {
  hello: (name: string) => string;
  /** "2026-11-30 10:15 UTC", "30.11.2026, 10:15 UTC". */
  when: (at: Date) => string;
  disabled: { subject: string; lines: (login: string, when: string, ticketRef: string) => string[] };
  reset: { subject: string; lines: (login: string, when: string) => string[] };
  link: { subject: string; lines: (login: string, link: string, until: string) => string[] };
  disableReply: (ticketRef: string) => string[];
  replies: { hello: string; subject: (ticketRef: string | null) => string; bodies: Record<ReplyTemplate, string[]> };
  signature: string;
  regards: string[];
}

const en: MailTexts = {
  hello: (name) => `Hello ${name},`,
  when: (at) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  disabled: {
    subject: 'MFA was turned off on your account',
    lines: (login, when, ticketRef) => [
      `Multi-factor authentication (MFA) was turned off on your account ${login} by support at ${when}, after a request sent from this address (ticket ${ticketRef}).`,
      '',
      'You now sign in with your password only. To protect your account again: in your account settings go to Your organization > My Profile > Multi-Factor Authentication > Enable MFA, and follow the steps.',
      '',
      'If you did not ask for this, reply to this e-mail or contact support at once: someone may be trying to take over your account.',
    ],
  },
  reset: {
    subject: 'MFA is set up on your new phone',
    lines: (login, when) => [
      `Multi-factor authentication (MFA) on your account ${login} was set up on a new phone at ${when}. Codes from your old phone no longer work.`,
      '',
      'If this was not you, contact support at once: someone may be trying to take over your account.',
    ],
  },
  link: {
    subject: 'Set up MFA on your new phone',
    lines: (login, link, until) => [
      `Support has started setting up multi-factor authentication (MFA) again for your account ${login}, for a new phone.`,
      '',
      `Open this link and sign in with your e-mail and password: ${link}`,
      `The link works once and until ${until}.`,
      '',
      'Then: 1. Install the Google Authenticator app on your phone. 2. Make sure the phone sets its date and time automatically (phone settings > Date and time). 3. Scan the QR code (or open its text version). 4. Type the 6-digit code without spaces.',
      '',
      'If you did not ask support for this, do not open the link and contact support at once.',
    ],
  },
  disableReply: (ticketRef) => [
    `As you asked (ticket ${ticketRef}), we have turned off multi-factor authentication on your account. You can sign in with your password now.`,
    '',
    'To set MFA up on your new phone: install Google Authenticator, make sure the phone sets its date and time automatically, then in your account settings go to My Profile > Multi-Factor Authentication > Enable MFA, scan the QR code (or open its text version) and type the 6-digit code without spaces.',
  ],
  replies: {
    hello: 'Hello,',
    subject: (ticketRef) => `Your MFA request${ticketRef ? ` [#${ticketRef}]` : ''}`,
    bodies: {
      request_received: ['We received your request and are working on it. You will hear from us shortly.'],
      send_from_login: [
        'We can only turn multi-factor authentication (MFA) off on a request sent from the e-mail address that is your login.',
        'Please write to us again from that address, from your usual mail account, and say that you ask us to turn MFA off.',
      ],
      not_verified_escalated: [
        'We could not verify that your request comes from your login address, so a second person on our team will review it before anything changes.',
        'We will write to you again once that review is done.',
      ],
      mfa_disabled: [
        'As you asked, multi-factor authentication (MFA) is now off on your account; you will also receive a separate notice.',
        'To protect your account again: in your account settings go to Your organization > My Profile > Multi-Factor Authentication > Enable MFA, and follow the steps.',
      ],
    },
  },
  signature: 'MFA Desk support',
  regards: ['Best regards,', 'Support'],
};

const germanTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

const de: MailTexts = {
  hello: (name) => `Hallo ${name},`,
  when: (at) => `${germanTime.format(at)} UTC`,
  disabled: {
    subject: 'MFA wurde für Ihr Konto ausgeschaltet',
    lines: (login, when, ticketRef) => [
      `Die Multi-Faktor-Authentifizierung (MFA) für Ihr Konto ${login} wurde am ${when} vom Support ausgeschaltet, nach einer Anfrage von dieser Adresse (Ticket ${ticketRef}).`,
      '',
      'Sie melden sich jetzt nur noch mit Ihrem Passwort an. So schützen Sie Ihr Konto wieder: Gehen Sie in Ihren Kontoeinstellungen zu Ihre Organisation > Mein Profil > Multi-Faktor-Authentifizierung > MFA einschalten und folgen Sie den Schritten.',
      '',
      'Wenn Sie dies nicht angefragt haben, antworten Sie sofort auf diese E-Mail oder wenden Sie sich an den Support: Möglicherweise versucht jemand, Ihr Konto zu übernehmen.',
    ],
  },
  reset: {
    subject: 'MFA ist auf Ihrem neuen Telefon eingerichtet',
    lines: (login, when) => [
      `Die Multi-Faktor-Authentifizierung (MFA) für Ihr Konto ${login} wurde am ${when} auf einem neuen Telefon eingerichtet. Codes von Ihrem alten Telefon funktionieren nicht mehr.`,
      '',
      'Wenn Sie das nicht waren, wenden Sie sich sofort an den Support: Möglicherweise versucht jemand, Ihr Konto zu übernehmen.',
    ],
  },
  link: {
    subject: 'MFA auf Ihrem neuen Telefon einrichten',
    lines: (login, link, until) => [
      `Der Support hat begonnen, die Multi-Faktor-Authentifizierung (MFA) für Ihr Konto ${login} auf einem neuen Telefon neu einzurichten.`,
      '',
      `Öffnen Sie diesen Link und melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an: ${link}`,
      `Der Link funktioniert einmal und bis ${until}.`,
      '',
      'Dann: 1. Installieren Sie die App Google Authenticator auf Ihrem Telefon. 2. Stellen Sie sicher, dass das Telefon Datum und Uhrzeit automatisch einstellt (Einstellungen > Datum und Uhrzeit). 3. Scannen Sie den QR-Code (oder öffnen Sie seine Textfassung). 4. Geben Sie den 6-stelligen Code ohne Leerzeichen ein.',
      '',
      'Wenn Sie dies nicht beim Support angefragt haben, öffnen Sie den Link nicht und wenden Sie sich sofort an den Support.',
    ],
  },
  disableReply: (ticketRef) => [
    `Wie gewünscht (Ticket ${ticketRef}) haben wir die Multi-Faktor-Authentifizierung für Ihr Konto ausgeschaltet. Sie können sich jetzt mit Ihrem Passwort anmelden.`,
    '',
    'So richten Sie MFA auf Ihrem neuen Telefon ein: Installieren Sie Google Authenticator, stellen Sie sicher, dass das Telefon Datum und Uhrzeit automatisch einstellt, gehen Sie dann in Ihren Kontoeinstellungen zu Mein Profil > Multi-Faktor-Authentifizierung > MFA einschalten, scannen Sie den QR-Code (oder öffnen Sie seine Textfassung) und geben Sie den 6-stelligen Code ohne Leerzeichen ein.',
  ],
  replies: {
    hello: 'Hallo,',
    subject: (ticketRef) => `Ihre MFA-Anfrage${ticketRef ? ` [#${ticketRef}]` : ''}`,
    bodies: {
      request_received: ['Wir haben Ihre Anfrage erhalten und bearbeiten sie. Sie hören in Kürze von uns.'],
      send_from_login: [
        'Wir können die Multi-Faktor-Authentifizierung (MFA) nur auf eine Anfrage hin ausschalten, die von der E-Mail-Adresse kommt, die Ihr Login ist.',
        'Bitte schreiben Sie uns noch einmal von dieser Adresse aus Ihrem gewohnten Mailkonto und bitten Sie darin, MFA auszuschalten.',
      ],
      not_verified_escalated: [
        'Wir konnten nicht bestätigen, dass Ihre Anfrage von Ihrer Login-Adresse kommt. Deshalb prüft eine zweite Person aus unserem Team sie, bevor sich etwas ändert.',
        'Wir schreiben Ihnen wieder, sobald diese Prüfung abgeschlossen ist.',
      ],
      mfa_disabled: [
        'Wie gewünscht ist die Multi-Faktor-Authentifizierung (MFA) für Ihr Konto jetzt ausgeschaltet; Sie erhalten außerdem einen gesonderten Hinweis.',
        'So schützen Sie Ihr Konto wieder: Gehen Sie in Ihren Kontoeinstellungen zu Ihre Organisation > Mein Profil > Multi-Faktor-Authentifizierung > MFA einschalten und folgen Sie den Schritten.',
      ],
    },
  },
  signature: 'Ihr MFA-Desk-Support',
  regards: ['Mit freundlichen Grüßen', 'Ihr Support'],
};

export const MAIL_TEXTS: Record<AccountLanguage, MailTexts> = { en, de };

/** The texts of `language`, English for anything else (an account stored before languages existed). */
export const mailTexts = (language: string | null | undefined): MailTexts =>
  isOneOf(ACCOUNT_LANGUAGES, language) ? MAIL_TEXTS[language] : en;
