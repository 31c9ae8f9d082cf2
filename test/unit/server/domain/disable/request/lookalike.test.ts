import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDisableRequest } from '../../../../../../src-server/domain/disable/request/index.js';
import type { DisableRequestAnalysis } from '../../../../../../src-server/domain/disable/request/index.js';
import { startMailLab, type MailLab } from '../../../../../support/mailFactory.js';

const LOGIN = 'alice@corp.example';
let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

/** Signs as the From domain, so only the look-alike itself can spoil the verdict. */
async function analyse(from: string, signingDomain: string, login = LOGIN): Promise<DisableRequestAnalysis> {
  return checkDisableRequest(await lab.sign(lab.message({ from }), signingDomain), lab.options(login));
}

function failedCodes(analysis: DisableRequestAnalysis): string[] {
  return analysis.checks.filter((entry) => !entry.passed).map((entry) => entry.code);
}

function encodedWord(text: string): string {
  return `=?utf-8?B?${Buffer.from(text).toString('base64')}?=`;
}

describe('look-alike senders', () => {
  it('names a Cyrillic "а" in the local part', async () => {
    const analysis = await analyse('\u0430lice@corp.example', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('confusable_characters');
    expect(analysis.fromAddressHighlight).toEqual([
      { char: '\u0430', index: 0, reason: expect.stringContaining('U+0430'), kind: 'confusable', shows: 'a' },
    ]);
  });

  it('names a Cyrillic "о" in the domain, even when that domain signs the message', async () => {
    const analysis = await analyse('alice@c\u043erp.example', 'c\u043erp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toEqual(expect.arrayContaining(['confusable_characters', 'mixed_scripts']));
    expect(analysis.fromAddressHighlight?.map((entry) => entry.index)).toEqual([7]);
  });

  it('names a capital I standing in for a lower-case l', async () => {
    const analysis = await analyse('aIice@corp.example', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(analysis.fromAddressHighlight?.[0]).toMatchObject({ char: 'I', index: 1 });
  });

  it('names full-width letters that IDNA would quietly map to the login domain', async () => {
    const analysis = await analyse('alice@\uff43orp.example', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('confusable_characters');
  });

  it('names a punycode domain that displays like the login domain', async () => {
    // xn--pple-43d.example is "аpple.example" with a Cyrillic а
    const analysis = await analyse('bob@xn--pple-43d.example', 'xn--pple-43d.example', 'bob@apple.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('punycode_lookalike');
    expect(analysis.checks.find((entry) => entry.code === 'punycode_lookalike')?.message).toContain('\u0430pple.example');
  });

  it('names a display name that shows the login over another address', async () => {
    const analysis = await analyse(`"${LOGIN}" <mallory@evil.example>`, 'evil.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('display_name_address');
  });

  it('only warns about a display name holding an unrelated address when the sender is the login', async () => {
    // The login's own mailbox chose that name; it misleads nobody about who the account holder is.
    const analysis = await analyse(`"Alice (was bob@old.example)" <${LOGIN}>`, 'corp.example');
    expect(analysis.verdict).toBe('verified');
    expect(analysis.warnings.map((entry) => entry.code)).toContain('display_name_other_address');
  });

  it('names an address that only exists inside an encoded word', async () => {
    const analysis = await analyse(encodedWord(`Alice <${LOGIN}>`), 'corp.example');
    expect(analysis.headers.from?.address).toBe(LOGIN);
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('encoded_word_trick');
  });

  it('names an encoded display name that decodes to the login', async () => {
    const analysis = await analyse(`${encodedWord(LOGIN)} <mallory@evil.example>`, 'evil.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toEqual(expect.arrayContaining(['encoded_word_trick', 'display_name_address']));
  });

  it('names an encoded display name hiding a right-to-left override', async () => {
    const analysis = await analyse(`${encodedWord('Alice \u202Eelpmaxe.proc@ecila')} <${LOGIN}>`, 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toEqual(expect.arrayContaining(['encoded_word_trick', 'hidden_characters']));
  });

  it('accepts a plainly encoded display name', async () => {
    const analysis = await analyse(`${encodedWord('Älice Müller')} <${LOGIN}>`, 'corp.example');
    expect(analysis.verdict).toBe('verified');
    expect(analysis.headers.from?.name).toBe('Älice Müller');
  });

  it('names a plus-address variant of the login', async () => {
    const analysis = await analyse('alice+mfa@corp.example', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('plus_address_variant');
    expect(analysis.fromAddressHighlight).toEqual([expect.objectContaining({ char: '+', index: 5 })]);
  });

  it('names the plain address when the login itself is a plus address', async () => {
    const analysis = await analyse('alice@corp.example', 'corp.example', 'alice+work@corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('plus_address_variant');
  });

  it('names a zero-width space in the local part', async () => {
    const analysis = await analyse('ali\u200bce@corp.example', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('hidden_characters');
    expect(analysis.fromAddressHighlight).toEqual([expect.objectContaining({ char: '\u200b', index: 3 })]);
  });

  it('names a soft hyphen in the domain even though IDNA would remove it', async () => {
    const analysis = await analyse('alice@co\u00adrp.example', 'corp.example');
    expect(failedCodes(analysis)).toContain('hidden_characters');
    expect(analysis.verdict).toBe('lookalike');
  });

  it('calls an unrelated address a mismatch, not a look-alike', async () => {
    const analysis = await analyse('mallory@evil.example', 'evil.example');
    expect(analysis.verdict).toBe('mismatch');
    expect(failedCodes(analysis).filter((code) => code !== 'dmarc_trusted_receiver')).toEqual(['address_matches_login']);
  });

  it('does not call a genuine Unicode login a look-alike of itself', async () => {
    const analysis = await analyse('Анна <анна@почта.example>', 'почта.example', 'анна@почта.example');
    expect(analysis.verdict).toBe('verified');
  });
});

describe('encoded words where an address belongs', () => {
  it('names an encoded word inside the address itself', async () => {
    const analysis = await analyse('Alice <=?utf-8?Q?alice?=@corp.example>', 'corp.example');
    expect(analysis.verdict).toBe('lookalike');
    expect(failedCodes(analysis)).toContain('encoded_word_trick');
  });

  it('points at the punycode label of a look-alike domain', async () => {
    const analysis = await analyse('bob@xn--pple-43d.example', 'xn--pple-43d.example', 'bob@apple.example');
    expect(analysis.fromAddressHighlight).toEqual([
      { char: 'x', index: 4, reason: 'punycode, displayed as "\u0430pple.example"', kind: 'punycode', shows: '\u0430pple.example' },
    ]);
  });
});

describe('check messages', () => {
  it('spell out invisible characters instead of letting them reorder the sentence', async () => {
    const analysis = await analyse('ali\u202ece@corp.example', 'corp.example');
    const messages = analysis.checks.map((entry) => entry.message).join('\n');
    expect(messages).not.toContain('\u202e');
    expect(messages).toContain('[U+202E]');
  });
});
