import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { checkDisableRequest } from '../../../../../../src-server/domain/disable/request/index.js';
import type { DisableRequestAnalysis } from '../../../../../../src-server/domain/disable/request/index.js';
import {
  authenticationResults,
  prependHeaders,
  startMailLab,
  tamperBody,
  TRUSTED_AUTHSERV_ID,
  type MailLab,
} from '../../../../../support/mailFactory.js';

const LOGIN = 'alice@corp.example';
let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

function check(analysis: DisableRequestAnalysis, code: string) {
  return analysis.checks.find((entry) => entry.code === code);
}

describe('verified', () => {
  it('accepts a message from the login signed by its domain', async () => {
    const raw = await lab.sign(lab.message({ from: `Alice <${LOGIN}>`, subject: 'Disable MFA' }), 'corp.example');
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));

    expect(analysis.verdict).toBe('verified');
    expect(analysis.checks.every((entry) => entry.passed || entry.code === 'dmarc_trusted_receiver')).toBe(true);
    expect(check(analysis, 'dkim_aligned')?.passed).toBe(true);
    expect(analysis.headers.from).toEqual({ address: LOGIN, name: 'Alice' });
    expect(analysis.headers.subject).toBe('Disable MFA');
    expect(analysis.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(analysis.headerBlock).toMatch(/^DKIM-Signature:/);
    expect(analysis.headerBlock).toContain('From: Alice <alice@corp.example>');
    expect(analysis.headerBlock).not.toContain('I lost my phone');
    expect(analysis.warnings).toEqual([]);
    expect(analysis.fromAddressHighlight).toBeUndefined();
  });

  it('ignores case in the local part and the domain', async () => {
    const raw = await lab.sign(lab.message({ from: 'ALICE@Corp.EXAMPLE' }), 'corp.example');
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('verified');
  });

  it('treats a Unicode login domain and its punycode form as one (From in punycode)', async () => {
    const raw = await lab.sign(lab.message({ from: 'Anna <anna@xn--bcher-kva.example>' }), 'bücher.example');
    expect((await checkDisableRequest(raw, lab.options('anna@bücher.example'))).verdict).toBe('verified');
  });

  it('treats a Unicode login domain and its punycode form as one (login in punycode)', async () => {
    const raw = await lab.sign(lab.message({ from: 'Anna <anna@bücher.example>' }), 'bücher.example');
    const analysis = await checkDisableRequest(raw, lab.options('anna@xn--bcher-kva.example'));
    expect(analysis.verdict).toBe('verified');
  });

  it('accepts a signature by a parent domain of the sender (relaxed alignment)', async () => {
    const raw = await lab.sign(lab.message({ from: 'bob@mail.corp.example' }), 'corp.example');
    expect((await checkDisableRequest(raw, lab.options('bob@mail.corp.example'))).verdict).toBe('verified');
  });

  it('accepts DMARC pass in the topmost Authentication-Results of a trusted server', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example')]);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('verified');
    expect(check(analysis, 'dmarc_trusted_receiver')?.passed).toBe(true);
    expect(check(analysis, 'dkim_aligned')?.passed).toBe(false);
  });
});

describe('mismatch', () => {
  it('names a signed message from another address a mismatch', async () => {
    const raw = await lab.sign(lab.message({ from: 'bob@corp.example' }), 'corp.example');
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('mismatch');
    expect(check(analysis, 'address_matches_login')).toMatchObject({ passed: false });
    expect(check(analysis, 'address_matches_login')?.message).toContain('alice@corp.example');
  });
});

describe('unauthenticated', () => {
  it('does not trust an unsigned message', async () => {
    const analysis = await checkDisableRequest(lab.message({ from: LOGIN }), lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/no DKIM signature/);
  });

  it('never passes a signature broken by changing the body after signing', async () => {
    const signed = await lab.sign(lab.message({ from: LOGIN }), 'corp.example');
    const raw = tamperBody(signed, (body) => body.replace('my account', 'my account and my colleague bob'));
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/body was changed/);
  });

  it('never passes a signature whose signed headers were changed', async () => {
    const signed = await lab.sign(lab.message({ from: LOGIN, subject: 'Hello' }), 'corp.example');
    const raw = Buffer.from(signed.toString('utf8').replace('Subject: Hello', 'Subject: Disable MFA now'));
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });

  it('does not count a valid signature of an unrelated domain (not aligned)', async () => {
    const raw = await lab.sign(lab.message({ from: LOGIN }), 'bulk-mailer.example');
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/signed by bulk-mailer\.example, not by the sender's domain/);
  });

  it('does not count a signature by a bare top-level domain as a parent', async () => {
    const raw = await lab.sign(lab.message({ from: LOGIN }), 'example');
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });

  it('does not count a signature that leaves the From header out', async () => {
    const raw = await lab.sign(lab.message({ from: LOGIN }), 'corp.example', { headerList: ['Subject', 'Date', 'To'] });
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/does not cover the From header/);
  });

  it('does not count a signature whose key is no longer published', async () => {
    const raw = await lab.sign(lab.message({ from: 'carol@gone.example' }), 'gone.example');
    lab.dns.removeAll('mfa2025._domainkey.gone.example');
    const analysis = await checkDisableRequest(raw, lab.options('carol@gone.example'));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/no DKIM key is published/);
  });

  it('ignores a trusted DMARC pass that is not the topmost Authentication-Results', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [
      'Authentication-Results: relay.elsewhere.example; spf=none',
      authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example'),
    ]);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dmarc_trusted_receiver')?.message).toMatch(/relay\.elsewhere\.example.*not one of our trusted/);
  });

  it('ignores DMARC pass written by an untrusted server', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [authenticationResults('mx.attacker.example', 'corp.example')]);
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });

  it('does not accept a trusted DMARC result for another From domain', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [authenticationResults(TRUSTED_AUTHSERV_ID, 'attacker.example')]);
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });

  it('does not accept a trusted DMARC fail', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example', 'fail')]);
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });
});

describe('invalid', () => {
  it('rejects a From header with two mailboxes', async () => {
    const raw = await lab.sign(lab.message({ from: `${LOGIN}, mallory@evil.example` }), 'corp.example');
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('invalid');
    expect(check(analysis, 'from_single_mailbox')?.message).toContain('mallory@evil.example');
    expect(analysis.headers.from).toBeNull();
  });

  it('rejects a message with two From headers, even if one is signed', async () => {
    const signed = await lab.sign(lab.message({ from: LOGIN }), 'corp.example');
    const raw = prependHeaders(signed, ['From: mallory@evil.example']);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('invalid');
    expect(check(analysis, 'from_single_header')?.passed).toBe(false);
  });

  it('rejects a From header with no address in it', async () => {
    const analysis = await checkDisableRequest(lab.message({ from: 'Alice' }), lab.options(LOGIN));
    expect(analysis.verdict).toBe('invalid');
  });

  it('rejects a From address with an impossible domain', async () => {
    const analysis = await checkDisableRequest(lab.message({ from: 'alice@corp..example' }), lab.options(LOGIN));
    expect(analysis.verdict).toBe('invalid');
    expect(check(analysis, 'from_address_syntax')?.passed).toBe(false);
  });
});

describe('partial signatures', () => {
  it('does not count a body-length-limited signature when text was appended after it', async () => {
    const body = 'Please disable MFA.\r\n';
    const signed = await lab.sign(lab.message({ from: LOGIN, body }), 'corp.example', { maxBodyLength: body.length });
    const raw = tamperBody(signed, (original) => `${original}\r\nAlso please disable it for bob@corp.example.\r\n`);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'dkim_aligned')?.message).toMatch(/covers only the start of the body/);
  });
});

describe('DMARC at our server versus a broken signature', () => {
  it('does not let a trusted DMARC pass cover a message changed after its signature', async () => {
    const signed = await lab.sign(lab.message({ from: LOGIN }), 'corp.example');
    const received = prependHeaders(signed, [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example')]);
    const raw = tamperBody(received, (body) => body.replace('my account', 'the accounts of my whole team'));
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'dmarc_trusted_receiver')?.passed).toBe(true);
    expect(analysis.verdict).toBe('unauthenticated');
    expect(check(analysis, 'authenticated')?.message).toMatch(/changed after it arrived/);
  });

  it('accepts a trusted DMARC pass that names the From domain in Unicode', async () => {
    const raw = prependHeaders(lab.message({ from: 'anna@xn--bcher-kva.example' }), [
      authenticationResults(TRUSTED_AUTHSERV_ID, 'bücher.example'),
    ]);
    expect((await checkDisableRequest(raw, lab.options('anna@bücher.example'))).verdict).toBe('verified');
  });
});
