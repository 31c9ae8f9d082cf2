import { describe, expect, it } from 'vitest';
import { classifyIncoming, ticketRefOf } from '../../../../../src-server/domain/intake/classify.js';

const message = (headers: string[], body = 'Please disable MFA for me.') =>
  Buffer.from(
    [
      'From: Mia Example <mia@corp.example>',
      'To: support@desk.example',
      'Subject: Please disable MFA [#4711]',
      'Message-ID: <abc.123@corp.example>',
      ...headers,
      '',
      body,
    ].join('\r\n'),
  );

const reasonOf = (headers: string[]) => {
  const result = classifyIncoming(message(headers));
  return result.kind === 'set_aside' ? result.reason : null;
};

describe('classifying an incoming message', () => {
  it('takes a plain message as a request, keeping From, Subject, Message-ID and References', () => {
    expect(classifyIncoming(message(['References: <a@x> <b@x>']))).toEqual({
      kind: 'request',
      headers: {
        from: { address: 'mia@corp.example', name: 'Mia Example' },
        subject: 'Please disable MFA [#4711]',
        messageId: '<abc.123@corp.example>',
        references: '<a@x> <b@x>',
      },
    });
  });

  it('decodes encoded words in the subject and the display name, and unfolds folded fields', () => {
    const raw = Buffer.from(
      ['From: =?UTF-8?B?SsO8cmdlbg==?= <juergen@corp.example>', 'Subject: =?UTF-8?Q?Zur=C3=BCcksetzen?=\r\n bitte', '', 'x'].join('\r\n'),
    );
    expect(classifyIncoming(raw)).toMatchObject({
      kind: 'request',
      headers: { from: { address: 'juergen@corp.example', name: 'Jürgen' }, subject: 'Zurücksetzen bitte' },
    });
  });

  it('sets aside auto-replies (Auto-Submitted other than "no", X-Autoreply, X-Autorespond)', () => {
    expect(reasonOf(['Auto-Submitted: auto-replied'])).toBe('auto_submitted');
    expect(reasonOf(['Auto-Submitted: auto-generated'])).toBe('auto_submitted');
    expect(reasonOf(['X-Autoreply: yes'])).toBe('auto_submitted');
    expect(reasonOf(['X-Autorespond: vacation'])).toBe('auto_submitted');
    expect(reasonOf(['Auto-Submitted: no'])).toBeNull();
  });

  it('sets aside bulk, junk, list and auto_reply Precedence, but not first-class mail', () => {
    for (const precedence of ['bulk', 'junk', 'list', 'auto_reply', 'Bulk'])
      expect(reasonOf([`Precedence: ${precedence}`])).toBe('precedence_bulk');
    expect(reasonOf(['Precedence: first-class'])).toBeNull();
  });

  it('sets aside list mail by List-Id, List-Unsubscribe or List-Post', () => {
    expect(reasonOf(['List-Id: <it.corp.example>'])).toBe('mailing_list');
    expect(reasonOf(['List-Unsubscribe: <mailto:leave@corp.example>'])).toBe('mailing_list');
    expect(reasonOf(['List-Post: <mailto:it@corp.example>'])).toBe('mailing_list');
  });

  it('sets aside delivery status notifications and bounces from MAILER-DAEMON, postmaster or an empty Return-Path', () => {
    expect(reasonOf(['Content-Type: multipart/report; report-type=delivery-status; boundary="b"'])).toBe('delivery_report');
    const fromDaemon = Buffer.from('From: Mail Delivery System <MAILER-DAEMON@mx.corp.example>\r\nSubject: Undelivered\r\n\r\nx');
    expect(classifyIncoming(fromDaemon)).toMatchObject({ kind: 'set_aside', reason: 'bounce_sender' });
    const fromPostmaster = Buffer.from('From: postmaster@corp.example\r\nSubject: Returned\r\n\r\nx');
    expect(classifyIncoming(fromPostmaster)).toMatchObject({ kind: 'set_aside', reason: 'bounce_sender' });
    expect(reasonOf(['Return-Path: <>'])).toBe('bounce_sender');
    expect(reasonOf(['Return-Path: <mia@corp.example>'])).toBeNull();
  });

  it('keeps the headers of what it sets aside, so the queue can show them', () => {
    expect(classifyIncoming(message(['Auto-Submitted: auto-replied']))).toMatchObject({
      headers: { from: { address: 'mia@corp.example' }, subject: 'Please disable MFA [#4711]' },
    });
  });

  it('sets aside a header section past the limits without reading it', () => {
    const huge = Buffer.from(`From: mia@corp.example\r\n${'X-Filler: y\r\n'.repeat(20_000)}\r\nbody`);
    expect(classifyIncoming(huge)).toEqual({
      kind: 'set_aside',
      reason: 'headers_too_large',
      headers: { from: null, subject: null, messageId: null, references: null },
    });
  });

  it('answers no From when the field is missing or holds no address', () => {
    expect(classifyIncoming(Buffer.from('Subject: hello\r\n\r\nx'))).toMatchObject({ kind: 'request', headers: { from: null } });
    expect(classifyIncoming(Buffer.from('From: undisclosed\r\n\r\nx'))).toMatchObject({ headers: { from: null } });
  });
});

describe('the ticket reference in a subject', () => {
  const pattern = /\[#(\d+)\]/;
  it('takes the pattern’s first group', () => {
    expect(ticketRefOf('Re: Please disable MFA [#4711]', pattern)).toBe('4711');
  });
  it('answers null without a subject or a match', () => {
    expect(ticketRefOf(null, pattern)).toBeNull();
    expect(ticketRefOf('Please disable MFA', pattern)).toBeNull();
  });
  it('keeps at most 100 characters', () => {
    expect(ticketRefOf(`[#${'9'.repeat(300)}]`, pattern)).toHaveLength(100);
  });
});
