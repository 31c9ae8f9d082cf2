import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDisableRequest } from '../../../../../src-server/domain/disableRequest/index.js';
import type { DisableRequestAnalysis } from '../../../../../src-server/domain/disableRequest/index.js';
import { startMailLab, type MailLab, type MessageParts } from '../../../../support/mailFactory.js';

const LOGIN = 'alice@corp.example';
const DAY_MS = 24 * 60 * 60 * 1000;
let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

async function signedFromLogin(parts: Partial<MessageParts>, used: string[] = []): Promise<DisableRequestAnalysis> {
  const raw = await lab.sign(lab.message({ from: LOGIN, ...parts }), 'corp.example');
  return checkDisableRequest(raw, lab.options(LOGIN, { isMessageIdUsed: async (id) => used.includes(id) }));
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

  it('warns about a message older than the allowed age and reports its date', async () => {
    const sent = new Date(Date.now() - 45 * DAY_MS);
    const analysis = await signedFromLogin({ date: sent });
    expect(analysis.verdict).toBe('verified');
    expect(warningCodes(analysis)).toEqual(['message_too_old']);
    expect(analysis.warnings[0]?.message).toMatch(/45 days ago, more than the 30 days/);
    expect(analysis.headers.date).toBe(new Date(Math.floor(sent.getTime() / 1000) * 1000).toISOString());
  });

  it('warns about a message dated in the future', async () => {
    expect(warningCodes(await signedFromLogin({ date: new Date(Date.now() + 3 * DAY_MS) }))).toEqual(['date_in_future']);
  });

  it('warns when the date is missing or unreadable', async () => {
    expect(warningCodes(await signedFromLogin({ date: null }))).toEqual(['date_missing']);
    const unreadable = await signedFromLogin({ date: 'sometime last week' });
    expect(warningCodes(unreadable)).toEqual(['date_missing']);
    expect(unreadable.headers.date).toBe('sometime last week');
  });

  it('warns when the Message-ID was already used by an earlier request', async () => {
    const analysis = await signedFromLogin({ messageId: '<req-1@corp.example>' }, ['<req-1@corp.example>']);
    expect(analysis.verdict).toBe('verified');
    expect(analysis.headers.messageId).toBe('<req-1@corp.example>');
    expect(warningCodes(analysis)).toEqual(['message_id_reused']);
  });

  it('warns when there is no Message-ID to recognise a replay by', async () => {
    const analysis = await signedFromLogin({ messageId: null });
    expect(analysis.headers.messageId).toBeNull();
    expect(warningCodes(analysis)).toEqual(['message_id_missing']);
  });
});
