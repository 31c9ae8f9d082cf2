import { describe, expect, it } from 'vitest';
import { checkBackendUrl, isLoopbackHost } from '../../../src-shared/backendUrl.js';

const code = (url: string) => {
  const check = checkBackendUrl(url);
  return check.ok ? 'ok' : check.code;
};

describe('the address of a remote backend', () => {
  it('takes any https:// address, trimmed of trailing slashes', () => {
    expect(checkBackendUrl(' https://mfa.example.com/ ')).toEqual({ ok: true, url: 'https://mfa.example.com' });
    expect(code('https://10.0.0.5:8443')).toBe('ok');
  });

  it('takes plain http:// only on this computer: localhost, 127.0.0.0/8, [::1]', () => {
    for (const url of ['http://localhost:8787', 'http://LOCALHOST', 'http://127.0.0.1:8787', 'http://127.9.8.7', 'http://[::1]:8787']) {
      expect(code(url), url).toBe('ok');
    }
    // The URL parser normalises other spellings of loopback before the rule looks at them.
    expect(code('http://127.1')).toBe('ok');
    expect(code('http://2130706433')).toBe('ok');
  });

  it('refuses plain http:// to any other host, in words an agent understands', () => {
    for (const url of [
      'http://mfa.example.com',
      'http://10.0.0.5:8787',
      'http://128.0.0.1',
      'http://0.0.0.0:8787',
      'http://[::2]',
      'http://localhost.attacker.example',
      'http://127.0.0.1.attacker.example',
      'http://[::ffff:8.8.8.8]',
    ]) {
      expect(code(url), url).toBe('insecure_backend');
    }
    const refusal = checkBackendUrl('http://mfa.example.com:8080');
    expect(refusal).toMatchObject({ ok: false, message: expect.stringContaining('must start with https://') });
    expect(refusal).toMatchObject({ message: expect.stringContaining('mfa.example.com:8080') });
  });

  it('refuses what is not a plain backend address', () => {
    for (const url of [
      '',
      'mfa.example.com',
      'ftp://mfa.example.com',
      'https://user:pw@mfa.example.com',
      'https://mfa.example.com/?x=1',
      `https://${'a'.repeat(2050)}.example`,
    ]) {
      expect(code(url), url).toBe('invalid_backend_url');
    }
  });

  it('knows loopback hosts as the URL parser writes them', () => {
    expect(['localhost', '127.0.0.1', '127.255.255.254', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['::1', '127.0.0', 'localhost.', 'example.com', '[::]'].some(isLoopbackHost)).toBe(false);
  });
});
