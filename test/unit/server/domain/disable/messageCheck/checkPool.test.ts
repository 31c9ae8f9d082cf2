import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAMessageError } from '../../../../../../src-server/domain/disable/request/index.js';
import { createMessageCheckPool } from '../../../../../../src-server/domain/disable/messageCheck/checkPool.js';
import type { RemoteCheckOptions } from '../../../../../../src-server/domain/disable/messageCheck/workerProtocol.js';
import { startMailLab, type MailLab } from '../../../../../support/mailFactory.js';

let lab: MailLab;
beforeAll(async () => {
  lab = await startMailLab();
});
afterAll(() => lab?.close());

const options = (login: string): RemoteCheckOptions => ({
  login,
  trustedAuthservIds: [],
  supportAddresses: ['support@desk.example'],
  maxAgeDays: 30,
  now: new Date(),
});

function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('the mail-check pool', () => {
  it('checks a signed message in a worker, with DNS from the configured servers', async () => {
    const pool = createMessageCheckPool({ dnsServers: lab.servers, budgetMs: 30_000 });
    const raw = await lab.sign(lab.message({ from: 'Ann <ann@pool.example>' }), 'pool.example');
    const analysis = await pool.check(raw, options('ann@pool.example'));
    expect(analysis.verdict).toBe('verified');
    expect(analysis.checks.find((check) => check.code === 'dkim_aligned')?.passed).toBe(true);
    await pool.close();
  });

  it('hands back an upload that is not an e-mail as NotAMessageError with its code', async () => {
    const pool = createMessageCheckPool({ dnsServers: lab.servers, budgetMs: 30_000 });
    const error = await outcome(pool.check(Buffer.from('just some text, no header fields'), options('ann@pool.example')));
    expect(error).toBeInstanceOf(NotAMessageError);
    expect(error).toMatchObject({ code: 'no_headers' });
    await pool.close();
  });

  it('fails a check still running when it closes, and takes no more', async () => {
    const pool = createMessageCheckPool({ dnsServers: lab.servers, budgetMs: 30_000 });
    const raw = await lab.sign(lab.message({ from: 'Bo <bo@closing.example>' }), 'closing.example');
    const dns = lab.dns.hold('mfa2025._domainkey.closing.example');
    const running = outcome(pool.check(raw, options('bo@closing.example')));
    await dns.asked;
    await pool.close();
    dns.release();
    expect(await running).toMatchObject({ message: expect.stringContaining('shutting down') });
    expect(await outcome(pool.check(raw, options('bo@closing.example')))).toMatchObject({ message: expect.stringContaining('closed') });
  });
});
