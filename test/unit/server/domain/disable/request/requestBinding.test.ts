/**
 * A genuine signature only proves the user sent *some* message. These checks bind it to a request to
 * us, now: a support address in a vouched-for To or Cc, and a vouched-for Date that is neither in the
 * future nor older than allowed. Each is attacked with real DKIM signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDisableRequest,
  decideVerdict,
  parseSupportAddresses,
  type DisableRequestAnalysis,
} from '../../../../../../src-server/domain/disable/request/index.js';
import { FUTURE_SKEW_MINUTES } from '../../../../../../src-server/domain/disable/request/requestDate.js';
import {
  authenticationResults,
  prependHeaders,
  startMailLab,
  SUPPORT_ADDRESS,
  TRUSTED_AUTHSERV_ID,
  type MailLab,
  type MessageParts,
} from '../../../../../support/mailFactory.js';

const LOGIN = 'alice@corp.example';
const DAY_MS = 24 * 60 * 60 * 1000;
// Every field mailauth signs by default except the one a test leaves out.
const SIGNED = ['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type'];
let lab: MailLab;

beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(async () => {
  await lab.close();
});

async function signed(parts: Partial<MessageParts>, headerList?: string[]): Promise<Buffer> {
  return lab.sign(lab.message({ from: `Alice <${LOGIN}>`, ...parts }), 'corp.example', headerList ? { headerList } : {});
}

function check(analysis: DisableRequestAnalysis, code: string) {
  return analysis.checks.find((entry) => entry.code === code);
}

describe('addressed to support', () => {
  it('refuses a genuine message from the user to a colleague (lunch on Friday)', async () => {
    const raw = await signed({ to: 'Bob <bob@corp.example>', subject: 'Lunch on Friday?', body: 'Pizza at noon?\r\n' });
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'authenticated')?.passed).toBe(true);
    expect(check(analysis, 'addressed_to_support')).toMatchObject({ passed: false });
    expect(check(analysis, 'addressed_to_support')?.message).toContain('bob@corp.example');
    expect(analysis.verdict).toBe('not_a_request');
  });

  it('accepts support in Cc, in any case, with a display name', async () => {
    const raw = await signed({ to: 'bob@corp.example', extraHeaders: ['Cc: IT Support <SUPPORT@Desk.Example>'] });
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'addressed_to_support')?.message).toMatch(/in Cc/);
    expect(analysis.verdict).toBe('verified');
  });

  it('refuses support added in an unsigned To header', async () => {
    const raw = await signed(
      {},
      SIGNED.filter((name) => name !== 'To'),
    );
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'addressed_to_support')?.passed).toBe(true);
    expect(check(analysis, 'support_address_signed')).toMatchObject({ passed: false });
    expect(check(analysis, 'support_address_signed')?.message).toMatch(/does not cover it/);
    expect(analysis.verdict).toBe('not_a_request');
  });

  it('refuses a second To header put on top of a signed message to a colleague', async () => {
    const lunch = await signed({ to: 'bob@corp.example', subject: 'Lunch?' });
    const raw = prependHeaders(lunch, [`To: ${SUPPORT_ADDRESS}`]);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'dkim_aligned')?.passed).toBe(true);
    expect(check(analysis, 'addressed_to_support')?.message).toMatch(/2 To headers/);
    expect(analysis.verdict).toBe('not_a_request');
  });

  it('takes our trusted receiving server’s word for an unsigned message it received', async () => {
    const raw = prependHeaders(lab.message({ from: LOGIN }), [authenticationResults(TRUSTED_AUTHSERV_ID, 'corp.example')]);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'support_address_signed')?.message).toContain(TRUSTED_AUTHSERV_ID);
    expect(check(analysis, 'date_signed')?.passed).toBe(true);
    expect(analysis.verdict).toBe('verified');
  });

  it('fails every request, and says why, when no support address is configured', async () => {
    const analysis = await checkDisableRequest(await signed({}), lab.options(LOGIN, { supportAddresses: [] }));
    expect(check(analysis, 'addressed_to_support')?.message).toMatch(/No support address is configured.*MFA_DESK_SUPPORT_ADDRESSES/);
    expect(analysis.verdict).toBe('not_a_request');
  });
});

describe('the date', () => {
  it('refuses a Date the signature leaves out', async () => {
    const raw = await signed(
      {},
      SIGNED.filter((name) => name !== 'Date'),
    );
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'date_signed')).toMatchObject({ passed: false });
    expect(analysis.verdict).toBe('not_a_request');
  });

  it('refuses a message without a Date, or with one that cannot be read', async () => {
    const missing = await checkDisableRequest(await signed({ date: null }), lab.options(LOGIN));
    expect(check(missing, 'date_signed')?.message).toMatch(/no Date header/);
    expect(missing.verdict).toBe('not_a_request');
    const unreadable = await checkDisableRequest(await signed({ date: 'sometime last week' }), lab.options(LOGIN));
    expect(unreadable.headers.date).toBe('sometime last week');
    expect(check(unreadable, 'date_signed')?.message).toMatch(/cannot be read/);
    expect(unreadable.verdict).toBe('not_a_request');
  });

  it('refuses a genuine request older than the allowed age, with its own check', async () => {
    const sent = new Date(Date.now() - 30 * DAY_MS);
    const analysis = await checkDisableRequest(await signed({ date: sent }), lab.options(LOGIN, { maxAgeDays: 7 }));
    expect(check(analysis, 'date_within_max_age')).toMatchObject({ passed: false });
    expect(check(analysis, 'date_within_max_age')?.message).toMatch(/30 days ago .*more than the 7 days allowed/);
    expect(check(analysis, 'date_signed')?.passed).toBe(true);
    expect(analysis.headers.date).toBe(new Date(Math.floor(sent.getTime() / 1000) * 1000).toISOString());
    expect(analysis.verdict).toBe('not_a_request');
  });

  it('accepts a request within the allowed age', async () => {
    const analysis = await checkDisableRequest(
      await signed({ date: new Date(Date.now() - 6 * DAY_MS) }),
      lab.options(LOGIN, { maxAgeDays: 7 }),
    );
    expect(check(analysis, 'date_within_max_age')?.passed).toBe(true);
    expect(analysis.verdict).toBe('verified');
  });

  it('refuses a message dated in the future beyond clock skew, and allows skew', async () => {
    const ahead = await checkDisableRequest(await signed({ date: new Date(Date.now() + 3 * 3600 * 1000) }), lab.options(LOGIN));
    expect(check(ahead, 'date_not_in_future')).toMatchObject({ passed: false });
    expect(ahead.verdict).toBe('not_a_request');
    const skewed = new Date(Date.now() + (FUTURE_SKEW_MINUTES - 2) * 60 * 1000);
    expect((await checkDisableRequest(await signed({ date: skewed }), lab.options(LOGIN))).verdict).toBe('verified');
  });

  it('refuses a second Date header put on top of a signed message', async () => {
    const raw = prependHeaders(await signed({ date: new Date(Date.now() - 60 * DAY_MS) }), [`Date: ${new Date().toUTCString()}`]);
    const analysis = await checkDisableRequest(raw, lab.options(LOGIN));
    expect(check(analysis, 'date_signed')?.message).toMatch(/2 Date headers/);
    expect(analysis.verdict).toBe('not_a_request');
  });
});

describe('the verdict', () => {
  it('names a stale unsigned message unauthenticated first: who sent it matters more than when', async () => {
    const raw = lab.message({ from: LOGIN, date: new Date(Date.now() - 60 * DAY_MS) });
    expect((await checkDisableRequest(raw, lab.options(LOGIN))).verdict).toBe('unauthenticated');
  });

  it('makes a reused message not a request, whatever else passed', () => {
    const passed = { passed: true, message: '' };
    expect(decideVerdict([{ code: 'authenticated', ...passed }])).toBe('verified');
    expect(
      decideVerdict([
        { code: 'authenticated', ...passed },
        { code: 'message_not_reused', passed: false, message: 'used' },
      ]),
    ).toBe('not_a_request');
  });
});

describe('the support address setting', () => {
  it('reads plain addresses, normalised and without repeats', () => {
    expect(parseSupportAddresses(' Support@Desk.Example, helpdesk@bücher.example ,support@desk.example')).toEqual([
      'support@desk.example',
      'helpdesk@xn--bcher-kva.example',
    ]);
    expect(parseSupportAddresses(undefined)).toEqual([]);
    expect(parseSupportAddresses('  ')).toEqual([]);
  });

  it.each(['IT <support@desk.example>', 'support', 'support@', '"it desk"@desk.example', 'support@desk.example,', 'a@b@c.example'])(
    'refuses %j',
    (value) => {
      expect(() => parseSupportAddresses(value)).toThrow(/plain addresses/);
    },
  );
});
