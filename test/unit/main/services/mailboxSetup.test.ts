/**
 * Main's keeping of the embedded backend's mailboxes: checked before anything is saved (errors in words,
 * naming the field), the password never shown back and kept when a URL leaves it out, sealed by the
 * keychain when there is one, in a file only its owner reads, and handed to the backend as its settings.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSealer, MailboxSetupStore, type SecretSealer } from '../../../../src-main/services/mailboxSetup.js';
import { ConsoleError } from '../../../../src-main/services/consoleError.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-mailboxes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => path.join(dir, 'mailboxes.json');
const setup = (mailboxes: string[], more: Partial<{ caFile: string; processedFolder: string; ticketPattern: string }> = {}) => ({
  mailboxes,
  caFile: '',
  processedFolder: 'MFA Desk/Processed',
  ticketPattern: '',
  ...more,
});
/** A stand-in keychain that reverses the text, so a test can tell sealed from plain. */
const reversing: SecretSealer = {
  storage: 'keychain',
  seal: (plain) => `sealed:${[...plain].reverse().join('')}`,
  open: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('not sealed by this keychain');
    return [...sealed.slice(7)].reverse().join('');
  },
};

function refusal(store: MailboxSetupStore, input: ReturnType<typeof setup>): ConsoleError {
  try {
    store.save(input);
  } catch (error) {
    if (error instanceof ConsoleError) return error;
    throw error;
  }
  throw new Error('saved, not refused');
}

describe('the mailboxes main keeps for the embedded backend', () => {
  it('reads none at first, and tells the backend so whatever the console’s environment holds', () => {
    const store = new MailboxSetupStore(dir);
    expect(store.view(true)).toEqual({
      mailboxes: [],
      caFile: '',
      processedFolder: 'MFA Desk/Processed',
      ticketPattern: '',
      passwordStorage: 'file',
      editable: true,
    });
    expect(store.backendEnv()).toEqual({
      MFA_DESK_MAILBOXES: undefined,
      MFA_DESK_MAILBOX_CA_FILE: undefined,
      MFA_DESK_PROCESSED_FOLDER: 'MFA Desk/Processed',
      MFA_DESK_TICKET_PATTERN: undefined,
    });
  });

  it('shows a saved mailbox without its password, keeps it across a restart, and hands it to the backend', () => {
    new MailboxSetupStore(dir).save(
      setup(['imaps://support%40corp.example:s3cret%2Cpw@imap.corp.example:993/INBOX'], { ticketPattern: 'T-(\\d+)' }),
    );
    const again = new MailboxSetupStore(dir);
    expect(again.view(true).mailboxes).toEqual(['imaps://support%40corp.example@imap.corp.example:993/INBOX']);
    expect(JSON.stringify(again.view(true))).not.toContain('s3cret');
    expect(again.backendEnv()).toMatchObject({
      MFA_DESK_MAILBOXES: 'imaps://support%40corp.example:s3cret%2Cpw@imap.corp.example:993/INBOX',
      MFA_DESK_TICKET_PATTERN: 'T-(\\d+)',
    });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('keeps the saved password when the same mailbox is saved without one, and asks for it for a new mailbox', () => {
    const store = new MailboxSetupStore(dir);
    store.save(setup(['imaps://support:first@imap.corp.example/INBOX']));
    store.save(setup(store.view(true).mailboxes, { processedFolder: 'Done' }));
    expect(store.backendEnv()).toMatchObject({
      MFA_DESK_MAILBOXES: 'imaps://support:first@imap.corp.example/INBOX',
      MFA_DESK_PROCESSED_FOLDER: 'Done',
    });
    const missing = refusal(store, setup(['imaps://other@imap.corp.example/INBOX']));
    expect(missing.message).toBe('Enter the password for imaps://other@imap.corp.example/INBOX (imaps://user:password@host:993/INBOX).');
    expect(missing.fields).toEqual([{ path: '/mailboxes', message: missing.message }]);
  });

  it('refuses in words, naming the field, and changes nothing', () => {
    const store = new MailboxSetupStore(dir);
    store.save(setup(['imaps://support:pw@imap.corp.example/INBOX']));
    const before = readFileSync(file(), 'utf8');
    const cases: [ReturnType<typeof setup>, string, RegExp][] = [
      [setup(['https://imap.corp.example']), 'mailboxes', /starts with imaps:\/\//],
      [setup(['not a url']), 'mailboxes', /is not a URL like imaps:/],
      [setup(['imaps://a:b@imap.corp.example/INBOX', 'imaps://a:c@imap.corp.example/INBOX']), 'mailboxes', /listed twice/],
      [setup(['imaps://a:b@h/INBOX'], { caFile: 'relative.pem' }), 'caFile', /full path/],
      [setup(['imaps://a:b@h/INBOX'], { caFile: path.join(dir, 'missing.pem') }), 'caFile', /cannot be read/],
      [setup(['imaps://a:b@h/INBOX'], { processedFolder: 'INBOX' }), 'processedFolder', /cannot go back into INBOX/],
      [setup(['imaps://a:b@h/INBOX'], { ticketPattern: '[#' }), 'ticketPattern', /is not a regular expression/],
      [setup(['imaps://a:b@h/INBOX'], { ticketPattern: '#\\d+' }), 'ticketPattern', /needs one capture group/],
    ];
    for (const [input, field, message] of cases) {
      const error = refusal(store, input);
      expect(error.code).toBe('mailbox_setup_invalid');
      expect(error.message).toMatch(message);
      expect(error.fields?.[0]?.path).toBe(`/${field}`);
    }
    const notPem = path.join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(refusal(store, setup(['imaps://a:b@h/INBOX'], { caFile: notPem })).message).toMatch(/holds no PEM certificate/);
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('never puts a password in an error message', () => {
    const store = new MailboxSetupStore(dir);
    const error = refusal(store, setup(['imaps://user:hunter2@']));
    expect(error.message).not.toContain('hunter2');
  });

  it('accepts a PEM CA file by its full path', () => {
    const pem = path.join(dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const store = new MailboxSetupStore(dir);
    store.save(setup(['imaps://a:b@h/INBOX'], { caFile: pem }));
    expect(store.backendEnv()['MFA_DESK_MAILBOX_CA_FILE']).toBe(pem);
  });

  it('seals passwords with the keychain when there is one: the file never holds them in clear', () => {
    const store = new MailboxSetupStore(dir, reversing);
    store.save(setup(['imaps://support:plain-pw@imap.corp.example/INBOX']));
    expect(readFileSync(file(), 'utf8')).not.toContain('plain-pw');
    expect(new MailboxSetupStore(dir, reversing).backendEnv()['MFA_DESK_MAILBOXES']).toBe(
      'imaps://support:plain-pw@imap.corp.example/INBOX',
    );
    expect(store.view(true).passwordStorage).toBe('keychain');
  });

  it('ignores, with a log line, a file whose passwords cannot be opened now (keychain gone) or that is damaged', () => {
    new MailboxSetupStore(dir, reversing).save(setup(['imaps://support:pw@imap.corp.example/INBOX']));
    const lines: string[] = [];
    expect(new MailboxSetupStore(dir, fileSealer, (line) => lines.push(line)).view(true).mailboxes).toEqual([]);
    writeFileSync(file(), '{"mailboxes": 3}');
    expect(new MailboxSetupStore(dir, fileSealer, (line) => lines.push(line)).backendEnv()['MFA_DESK_MAILBOXES']).toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('pw@');
  });
});
