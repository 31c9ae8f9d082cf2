import { describe, expect, it } from 'vitest';
import { buildTimeUpdateUrl, checkFeedUrl, runtimeUpdateFeed } from '../../../../src-main/desktop/updateFeed.js';

describe('the update feed', () => {
  it('is off unless configured', () => {
    expect(runtimeUpdateFeed({}, false)).toEqual({ mode: 'off', problem: null });
    expect(runtimeUpdateFeed({ MFA_DESK_UPDATE_URL: '' }, false)).toEqual({ mode: 'off', problem: null });
    expect(buildTimeUpdateUrl({})).toBeNull();
  });

  it('is the one built into the installer when it has one', () => {
    expect(runtimeUpdateFeed({}, true)).toEqual({ mode: 'installer' });
  });

  it('is taken from MFA_DESK_UPDATE_URL at run time, ahead of the installer’s, as a folder address', () => {
    expect(runtimeUpdateFeed({ MFA_DESK_UPDATE_URL: 'https://updates.example.com/mfa-desk' }, true)).toEqual({
      mode: 'url',
      url: 'https://updates.example.com/mfa-desk/',
    });
    expect(buildTimeUpdateUrl({ MFA_DESK_UPDATE_URL: ' https://updates.example.com/desk/ ' })).toBe('https://updates.example.com/desk/');
  });

  it('can be turned off at run time even when the installer has one', () => {
    expect(runtimeUpdateFeed({ MFA_DESK_UPDATE_URL: 'off' }, true)).toEqual({ mode: 'off', problem: null });
    expect(buildTimeUpdateUrl({ MFA_DESK_UPDATE_URL: 'off' })).toBeNull();
  });

  it.each([
    ['plain http', 'http://updates.example.com/'],
    ['file', 'file:///srv/updates/'],
    ['credentials', 'https://it:secret@updates.example.com/'],
    ['a query', 'https://updates.example.com/?channel=beta'],
    ['an empty query', 'https://updates.example.com/?'],
    ['a fragment', 'https://updates.example.com/#x'],
    ['not a URL', 'updates.example.com'],
  ])('refuses %s: at run time updates stay off and say why; at build time the build stops', (_what, url) => {
    expect(checkFeedUrl(url).ok).toBe(false);
    const feed = runtimeUpdateFeed({ MFA_DESK_UPDATE_URL: url }, true);
    expect(feed.mode).toBe('off');
    expect(feed.mode === 'off' && feed.problem).toMatch(/MFA_DESK_UPDATE_URL .*Updates are off\.$/);
    expect(() => buildTimeUpdateUrl({ MFA_DESK_UPDATE_URL: url })).toThrow(/MFA_DESK_UPDATE_URL/);
  });
});
