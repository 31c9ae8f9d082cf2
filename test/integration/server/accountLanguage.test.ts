/**
 * Each account's language (issue 13 §8): set when the account is created, shown to support, changed by
 * the user on the account pages; the user's e-mails (real SMTP receiver) and replies follow it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import type { TestBackend } from '../../support/backend.js';
import { startMailDesk } from '../../support/mailDesk.js';
import type { MailLab } from '../../support/mailFactory.js';
import type { SmtpReceiver } from '../../support/smtpReceiver.js';
import { createUser, signInWithPassword, USER_PASSWORD } from '../../support/users.js';

let backend: TestBackend;
let lab: MailLab;
let smtp: SmtpReceiver;
let admin: AxiosInstance;
let agent: AxiosInstance;

beforeAll(async () => {
  ({ lab, smtp, backend } = await startMailDesk({ MFA_DESK_PUBLIC_URL: 'https://mfa.example.test' }));
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  agent = await backend.agentHttp(await backend.createAgent('agent'));
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
  await smtp?.close();
});

const key = () => ({ 'idempotency-key': randomUUID() });

describe("an account's language", () => {
  it('is English unless chosen at creation, and support reads it on the account', async () => {
    const english = await createUser(backend, admin, 'lang.en@corp.example', { mfa: false });
    const german = await createUser(backend, admin, 'lang.de@corp.example', { mfa: false, locale: 'de' });
    expect((await agent.get(`/admin/v1/accounts/${english.id}`)).data.locale).toBe('en');
    expect((await agent.get(`/admin/v1/accounts/${german.id}`)).data.locale).toBe('de');
  });

  it('refuses a language MFA Desk does not speak with a 400 problem, and creates nothing', async () => {
    const res = await admin.post('/admin/v1/accounts', {
      login: 'lang.fr@corp.example',
      displayName: 'Fr',
      department: 'QA',
      locale: 'fr',
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await backend.store.db.selectFrom('accounts').select('id').where('loginNorm', '=', 'lang.fr@corp.example').execute()).toEqual(
      [],
    );
  });
});

describe('e-mails in the user’s language', () => {
  it('sends a German account its re-enrolment link in German', async () => {
    const user = await createUser(backend, admin, 'jonas@corp.example', { locale: 'de' });
    const started = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/reset`,
      { channel: 'email', reason: 'Neues Telefon', ticketRef: 'T-4711', revokeOldNow: false },
      { headers: key() },
    );
    expect(started.status).toBe(201);
    const mail = await smtp.waitFor(user.login);
    expect(mail.subject).toBe('MFA auf Ihrem neuen Telefon einrichten');
    expect(mail.text).toContain('Hallo jonas,');
    expect(mail.text).toContain('Öffnen Sie diesen Link');
    // The time the German way: day before month, 24-hour clock, in UTC.
    expect(mail.text).toMatch(/Der Link funktioniert einmal und bis \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC\./);
    const token = /https:\/\/mfa\.example\.test\/account\/enrol#ticket=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    // Signed in through the link, the page learns the account's language and speaks it from then on.
    await backend.http.post('/v1/enrollment-tickets/open', { token });
    const session = await backend.http.post('/v1/enrollment-tickets/sign-in', { token, email: user.login, password: USER_PASSWORD });
    expect(session.data.locale).toBe('de');
    // The console's copy of the outbox is the same German text, with the link redacted.
    const outbox = await agent.get(`/admin/v1/outbox?accountId=${user.id}`);
    expect(outbox.data.items[0]).toMatchObject({ subject: 'MFA auf Ihrem neuen Telefon einrichten' });
    expect(outbox.data.items[0].body).toContain('[redacted]');
  });

  it('writes the "MFA turned off" notice and the reply for the agent in German, and in English once the user chose English', async () => {
    const user = await createUser(backend, admin, 'lena@corp.example', { locale: 'de' });
    const request = await agent.post(
      `/admin/v1/accounts/${user.id}/disable-requests`,
      await lab.sign(lab.message({ from: `Lena <${user.login}>`, subject: 'Bitte MFA ausschalten' }), 'corp.example'),
      { headers: { 'content-type': 'message/rfc822' } },
    );
    expect(request.data.verdict).toBe('verified');
    const disabled = await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/disable`,
      { requestId: request.data.id, reason: 'Telefon verloren', ticketRef: 'T-0815' },
      { headers: key() },
    );
    expect(disabled.status).toBe(200);
    expect(disabled.data.replyToUser).toMatch(/^Hallo lena,\n\nWie gewünscht \(Ticket T-0815\)/);
    const notice = await smtp.waitFor(user.login);
    expect(notice.subject).toBe('MFA wurde für Ihr Konto ausgeschaltet');
    expect(notice.text).toContain('(Ticket T-0815)');
    expect(notice.text).toContain('Ihr MFA-Desk-Support');

    // The user switches to English on the account pages: the next e-mail is in English.
    const headers = await signInWithPassword(backend, user.login);
    const chosen = await backend.http.put('/v1/me/language', { locale: 'en' }, { headers });
    expect(chosen.status).toBe(200);
    expect(chosen.data.locale).toBe('en');
    expect((await backend.http.get('/v1/me', { headers })).data.locale).toBe('en');
    expect((await agent.get(`/admin/v1/accounts/${user.id}`)).data.locale).toBe('en');
    await agent.post(
      `/admin/v1/accounts/${user.id}/mfa/reset`,
      { channel: 'email', reason: 'New phone', ticketRef: 'T-0816', revokeOldNow: false },
      { headers: key() },
    );
    const [link] = await smtp.waitForMessages((m) => m.to?.[0]?.address === user.login && m.subject === 'Set up MFA on your new phone');
    expect(link?.text).toContain('Hello lena,');
  });

  it('refuses a language change without a session, or to a language it does not speak, and changes nothing', async () => {
    const user = await createUser(backend, admin, 'mara@corp.example', { mfa: false, locale: 'de' });
    expect((await backend.http.put('/v1/me/language', { locale: 'en' })).status).toBe(401);
    const headers = await signInWithPassword(backend, user.login);
    const refused = await backend.http.put('/v1/me/language', { locale: 'xx' }, { headers });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await backend.http.get('/v1/me', { headers })).data.locale).toBe('de');
  });
});

describe('the account pages before sign-in', () => {
  const page = (url: string, acceptLanguage?: string) =>
    backend.http.get<string>(url, {
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    });

  it("speak the browser's language when the pages have it, else English", async () => {
    for (const url of ['/account', '/account/enrol']) {
      const german = await page(url, 'de-DE,de;q=0.9,en;q=0.8');
      expect(german.status).toBe(200);
      expect(german.data).toContain('<html lang="de">');
      expect(german.headers['content-language']).toBe('de');
      expect(german.headers['vary']).toContain('accept-language');
      expect((await page(url, 'fr-FR,fr;q=0.9')).data).toContain('<html lang="en">');
      expect((await page(url)).data).toContain('<html lang="en">');
    }
  });

  it('serve the catalogues their script reads', async () => {
    const messages = await page('/account/assets/messages.js');
    expect(messages.status).toBe(200);
    expect(messages.data).toContain('MFA auf Ihrem neuen Telefon einrichten');
  });
});
