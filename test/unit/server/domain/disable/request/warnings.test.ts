import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDisableRequest } from '../../../../../../src-server/domain/disable/request/index.js';
import type { DisableRequestAnalysis } from '../../../../../../src-server/domain/disable/request/index.js';
import { startMailLab, type MailLab, type MessageParts } from '../../../../../support/mailFactory.js';

const LOGIN = 'alice@corp.example';
let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

async function signedFromLogin(parts: Partial<MessageParts>): Promise<DisableRequestAnalysis> {
  const raw = await lab.sign(lab.message({ from: LOGIN, ...parts }), 'corp.example');
  return checkDisableRequest(raw, lab.options(LOGIN));
}

function warningCodes(analysis: DisableRequestAnalysis): string[] {
  return analysis.warnings.map((entry) => entry.code);
}

describe('warnings on a verified request', () => {
  it('warns when replies would go elsewhere, and reports Reply-To', async () => {
    const analysis = await signedFromLogin({ replyTo: 'Helper <helper@elsewhere.example>' });
    expect(analysis.verdict).toBe('verified');
    expect(analysis.headers.replyTo).toEqual(['helper@elsewhere.example']);
    expect(warningCodes(analysis)).toEqual(['reply_to_elsewhere']);
    expect(analysis.warnings[0]?.message).toContain('helper@elsewhere.example');
  });

  it('does not warn when Reply-To is the login in another case', async () => {
    expect(warningCodes(await signedFromLogin({ replyTo: 'Alice@CORP.example' }))).toEqual([]);
  });

  it('warns when there is no Message-ID to recognise a replay by', async () => {
    const analysis = await signedFromLogin({ messageId: null });
    expect(analysis.headers.messageId).toBeNull();
    expect(warningCodes(analysis)).toEqual(['message_id_missing']);
    expect(analysis.verdict).toBe('verified');
  });

  it('no longer warns about the date: a stale, future or missing date fails a check instead', async () => {
    const stale = await signedFromLogin({ date: new Date(Date.now() - 45 * 24 * 3600 * 1000) });
    expect(warningCodes(stale)).toEqual([]);
    expect(stale.verdict).toBe('not_a_request');
  });
});
