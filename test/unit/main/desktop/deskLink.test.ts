import { describe, expect, it } from 'vitest';
import { deskLinkInArgv, parseDeskLink } from '../../../../src-main/desktop/deskLink.js';

const ID = '3f2b9c1e-7a4d-4e0b-9f55-0c1d2e3f4a5b';

describe('mfa-desk:// links', () => {
  it('open the account they name', () => {
    expect(parseDeskLink(`mfa-desk://accounts/${ID}`)).toEqual({ accountId: ID });
    expect(parseDeskLink('mfa-desk://accounts/acc_42')).toEqual({ accountId: 'acc_42' });
  });

  it('accept the one trailing slash Windows adds, and the scheme in any case', () => {
    expect(parseDeskLink(`mfa-desk://accounts/${ID}/`)).toEqual({ accountId: ID });
    expect(parseDeskLink(`MFA-Desk://accounts/${ID}`)).toEqual({ accountId: ID });
  });

  it.each([
    ['another scheme', `https://accounts/${ID}`],
    ['a look-alike scheme', `mfa-desk2://accounts/${ID}`],
    ['another host', `mfa-desk://agents/${ID}`],
    ['the host in capitals', `mfa-desk://ACCOUNTS/${ID}`],
    ['a user name', `mfa-desk://admin@accounts/${ID}`],
    ['a port', `mfa-desk://accounts:443/${ID}`],
    ['no id', 'mfa-desk://accounts/'],
    ['no path', 'mfa-desk://accounts'],
    ['a deeper path', `mfa-desk://accounts/${ID}/events`],
    ['two trailing slashes', `mfa-desk://accounts/${ID}//`],
    ['a path that climbs', `mfa-desk://accounts/../settings`],
    ['a query', `mfa-desk://accounts/${ID}?disable=1`],
    ['an empty query', `mfa-desk://accounts/${ID}?`],
    ['a fragment', `mfa-desk://accounts/${ID}#mfa`],
    ['an escaped character', 'mfa-desk://accounts/abc%2Fdef'],
    ['a space', 'mfa-desk://accounts/abc def'],
    ['a tab (a URL parser would drop it)', 'mfa-desk://accounts/abc\tdef'],
    ['a newline', `mfa-desk://accounts/${ID}\n`],
    ['a backslash', 'mfa-desk:\\\\accounts\\abc'],
    ['a dot in the id', 'mfa-desk://accounts/abc.def'],
    ['a non-ASCII letter', 'mfa-desk://accounts/abcé'],
    ['an id longer than 64 characters', `mfa-desk://accounts/${'a'.repeat(65)}`],
    ['one path segment without a host', `mfa-desk:accounts/${ID}`],
    ['leading space', ` mfa-desk://accounts/${ID}`],
    ['something huge', `mfa-desk://accounts/${'a'.repeat(100_000)}`],
  ])('refuse %s', (_what, link) => {
    expect(parseDeskLink(link)).toBeNull();
  });

  it('are found among a launch’s arguments, not confused with the app path or Chromium’s switches', () => {
    expect(deskLinkInArgv(['/opt/MFA Desk/mfa-desk', '--no-sandbox', `mfa-desk://accounts/${ID}`])).toEqual({ accountId: ID });
    expect(
      deskLinkInArgv(['C:\\Program Files\\MFA Desk\\MFA Desk.exe', '--allow-file-access-from-files', `mfa-desk://accounts/${ID}/`]),
    ).toEqual({
      accountId: ID,
    });
    expect(deskLinkInArgv(['/usr/bin/electron', '.'])).toBeNull();
    expect(deskLinkInArgv(['/usr/bin/electron', '--mfa-desk://accounts/x'])).toBeNull();
  });

  it('are taken from the first argument that is one: a bad first link is not replaced by a later one', () => {
    expect(deskLinkInArgv(['app', 'mfa-desk://accounts/a?x=1', 'mfa-desk://accounts/b'])).toBeNull();
  });
});
