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
});
