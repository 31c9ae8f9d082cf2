import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver, parseDnsServers } from '../../../../../../src-server/domain/disable/request/index.js';
import { createTestDnsServer, type RunningDnsServer } from '../../../../../support/dnsServer.js';

describe('parseDnsServers', () => {
  it('means "use the system DNS" when unset or blank', () => {
    expect(parseDnsServers(undefined)).toBeUndefined();
    expect(parseDnsServers('  ')).toBeUndefined();
  });

  it('reads comma-separated IPv4 and IPv6 servers with optional ports', () => {
    expect(parseDnsServers('127.0.0.1:5353, 10.0.0.2,[::1]:53 ,::1,[2001:db8::1]')).toEqual([
      '127.0.0.1:5353',
      '10.0.0.2',
      '[::1]:53',
      '::1',
      '[2001:db8::1]',
    ]);
  });

  it.each(['localhost:53', '127.0.0.1:', '127.0.0.1:99999', '127.0.0.1:53:1', '::1:53x', '[::1]:0', '300.1.1.1', '127.0.0.1,,10.0.0.1'])(
    'refuses %j with a clear error',
    (value) => {
      expect(() => parseDnsServers(value)).toThrow(/MFA_DESK_DNS_SERVERS has an invalid entry/);
    },
  );
});

describe('createDnsResolver', () => {
  const zone = createTestDnsServer();
  let running: RunningDnsServer;

  beforeAll(async () => {
    zone.addTxt('sel._domainkey.corp.example', `v=DKIM1; k=rsa; p=${'A'.repeat(400)}`);
    running = await zone.start();
  });
  afterAll(async () => {
    await running.close();
  });

  it('asks the configured server, joining long TXT values from their 255-byte pieces', async () => {
    const records = (await createDnsResolver(running.servers)('sel._domainkey.corp.example', 'TXT')) as string[][];
    expect(records).toHaveLength(1);
    expect(records[0]?.join('')).toBe(`v=DKIM1; k=rsa; p=${'A'.repeat(400)}`);
  });

  it('reports an unknown name as not found', async () => {
    await expect(createDnsResolver(running.servers)('nothing.corp.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refuses a record kind whose answer is not text', async () => {
    await expect(createDnsResolver(running.servers)('corp.example', 'MX')).rejects.toThrow(
      'MX records are not looked up for mail authentication.',
    );
  });
});
