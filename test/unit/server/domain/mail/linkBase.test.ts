import { describe, expect, it } from 'vitest';
import { createLinkBase, isLoopbackHost, listenUrl } from '../../../../../src-server/domain/mail/linkBase.js';

describe('the base of links in e-mails', () => {
  it('is the configured public URL, whatever address the server listens on', () => {
    const links = createLinkBase('https://mfa.example.com');
    links.listening({ address: '127.0.0.1', family: 'IPv4', port: 8787 });
    expect(links.url).toBe('https://mfa.example.com');
    expect(links.derived).toBe(false);
  });

  it('without one, is the listen address fixed once at start', () => {
    const links = createLinkBase(undefined);
    expect(() => links.url).toThrow(/MFA_DESK_PUBLIC_URL/);
    links.listening({ address: '127.0.0.1', family: 'IPv4', port: 8787 });
    links.listening({ address: '::1', family: 'IPv6', port: 9999 });
    expect(links.url).toBe('http://127.0.0.1:8787');
    expect(links.derived).toBe(true);
  });

  it('names loopback for a wildcard address, and brackets IPv6', () => {
    expect(listenUrl({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toBe('http://127.0.0.1:80');
    expect(listenUrl({ address: '::', family: 'IPv6', port: 80 })).toBe('http://[::1]:80');
    expect(listenUrl({ address: 'fe80::1', family: 'IPv6', port: 80 })).toBe('http://[fe80::1]:80');
    expect(() => listenUrl('/tmp/socket')).toThrow(/MFA_DESK_PUBLIC_URL/);
  });

  it('tells loopback listen hosts from others', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.5', 'mfa.example.com'].some(isLoopbackHost)).toBe(false);
  });
});
