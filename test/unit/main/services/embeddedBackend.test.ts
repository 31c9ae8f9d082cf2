import { describe, expect, it } from 'vitest';
import { embeddedServerArgs } from '../../../../src-main/services/embeddedBackend.js';

describe('the embedded backend’s command line', () => {
  it('sets the public URL explicitly to the loopback port it listens on', () => {
    const args = embeddedServerArgs('/data/embedded-backend', 41234);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('--host')).toBe('127.0.0.1');
    expect(value('--port')).toBe('41234');
    expect(value('--public-url')).toBe('http://127.0.0.1:41234');
    expect(value('--data')).toBe('/data/embedded-backend');
  });

  it('asks for the demo admin’s first session on the start line, so main never needs their password or TOTP secret', () => {
    const args = embeddedServerArgs('/data/embedded-backend', 41234);
    expect(args).toContain('--demo');
    expect(args).toContain('--bootstrap-session');
  });
});
