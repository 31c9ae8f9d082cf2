/**
 * DKIM alignment as DMARC defines it (RFC 7489 §3.1.1), with real keys and DMARC records served by
 * the loopback DNS server: relaxed unless the From domain's record says adkim=s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDisableRequest, type DisableRequestAnalysis } from '../../../../../../src-server/domain/disable/request/index.js';
import { readAlignmentPolicy } from '../../../../../../src-server/domain/disable/request/alignment.js';
import { startMailLab, type MailLab } from '../../../../../support/mailFactory.js';

let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

async function signedBy(from: string, signingDomain: string): Promise<DisableRequestAnalysis> {
  const raw = await lab.sign(lab.message({ from: `User <${from}>` }), signingDomain);
  return checkDisableRequest(raw, lab.options(from));
}

const dkim = (analysis: DisableRequestAnalysis) => analysis.checks.find((entry) => entry.code === 'dkim_aligned');

describe('relaxed alignment (the default)', () => {
  it('accepts a signer on a subdomain of the From domain', async () => {
    const analysis = await signedBy('ana@contoso.example', 'mail.contoso.example');
    expect(analysis.verdict).toBe('verified');
    expect(dkim(analysis)?.message).toContain("mail.contoso.example, a domain of the sender's organisation");
  });

  it('accepts the organisational domain signing for a subdomain sender', async () => {
    expect((await signedBy('ben@eu.fabrikam.example', 'fabrikam.example')).verdict).toBe('verified');
  });

  it('accepts a sibling subdomain: both share the organisational domain', async () => {
    expect((await signedBy('cleo@eu.tailspin.example', 'us.tailspin.example')).verdict).toBe('verified');
  });

  it('applies when the From domain publishes adkim=r explicitly', async () => {
    lab.setDmarc('relaxed.example', 'v=DMARC1; p=reject; adkim=r');
    expect((await signedBy('dan@relaxed.example', 'mx.relaxed.example')).verdict).toBe('verified');
  });

  it('never treats a public suffix as an organisation', async () => {
    const suffix = await signedBy('eve@contoso.co.uk', 'co.uk');
    expect(suffix.verdict).toBe('unauthenticated');
    expect(dkim(suffix)?.message).toMatch(/signed by co\.uk, not by the sender's domain/);
    // Another registrant under the same suffix is another organisation.
    expect((await signedBy('eve@contoso.co.uk', 'attacker.co.uk')).verdict).toBe('unauthenticated');
  });

  it('does not align an unrelated domain that merely ends the same way', async () => {
    expect((await signedBy('fay@contoso.example', 'evilcontoso.example')).verdict).toBe('unauthenticated');
  });
});

describe('strict alignment (adkim=s in the From domain’s DMARC record)', () => {
  it('refuses a subdomain signer and says why', async () => {
    lab.setDmarc('strict.example', 'v=DMARC1; p=reject; adkim=s');
    const analysis = await signedBy('gus@strict.example', 'mail.strict.example');
    expect(analysis.verdict).toBe('unauthenticated');
    expect(dkim(analysis)?.message).toMatch(/strict\.example asks for strict alignment \(adkim=s\)/);
  });

  it('accepts the From domain itself', async () => {
    lab.setDmarc('strict2.example', 'v=DMARC1; p=reject; adkim=s');
    expect((await signedBy('hal@strict2.example', 'strict2.example')).verdict).toBe('verified');
  });

  it('takes the organisational domain’s record when the From subdomain has none (RFC 7489 §6.6.3)', async () => {
    lab.setDmarc('strictorg.example', 'v=DMARC1; p=reject; adkim=s');
    const analysis = await signedBy('ivy@eu.strictorg.example', 'strictorg.example');
    expect(analysis.verdict).toBe('unauthenticated');
    expect(dkim(analysis)?.message).toMatch(/adkim=s/);
  });

  it('reads the tag however it is spaced or cased', async () => {
    lab.setDmarc('spaced.example', 'v=DMARC1;p=none; ADKIM = S ;aspf=r');
    const policy = await readAlignmentPolicy('spaced.example', lab.resolver);
    expect(policy).toMatchObject({ mode: 'strict', organisationalDomain: 'spaced.example' });
  });

  it('assumes strict when the DMARC record cannot be looked up: a DNS failure never widens trust', async () => {
    lab.dns.failLookups('_dmarc.broken.example');
    const analysis = await signedBy('jo@broken.example', 'mail.broken.example');
    expect(analysis.verdict).toBe('unauthenticated');
    expect(dkim(analysis)?.message).toMatch(/could not be looked up/);
    // The From domain's own signature needs no DMARC record at all.
    expect((await signedBy('jo@broken.example', 'broken.example')).verdict).toBe('verified');
  });
});

describe('the policy reader', () => {
  it('names the organisational domain and defaults to relaxed without a record', async () => {
    expect(await readAlignmentPolicy('deep.sub.norecord.example', lab.resolver)).toEqual({
      mode: 'relaxed',
      organisationalDomain: 'norecord.example',
      strictBecause: null,
    });
  });
});
