import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser, hasDisplay, userDataDir } from '../../../../src-main/chromiumShell/browser.js';
import { freeFileName } from '../../../../src-main/chromiumShell/openChromiumShell.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeExecutable(name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding the system browser', () => {
  it('takes MFA_DESK_BROWSER first, and refuses one that does not exist', () => {
    const named = fakeExecutable('my-chrome');
    expect(findBrowser({ MFA_DESK_BROWSER: named, PATH: '' }, 'linux')).toEqual({ executablePath: named, source: 'MFA_DESK_BROWSER' });
    expect(findBrowser({ MFA_DESK_BROWSER: path.join(dir, 'missing'), PATH: dir }, 'linux')).toBeNull();
  });

  it('finds Chromium or Chrome on PATH', () => {
    const chrome = fakeExecutable('google-chrome');
    expect(findBrowser({ PATH: ['/nonexistent', dir].join(path.delimiter) }, 'linux')).toEqual({ executablePath: chrome, source: 'PATH' });
  });

  it('finds nothing on an empty PATH on Linux', () => {
    expect(findBrowser({ PATH: '' }, 'linux')).toBeNull();
  });
});

describe('the display check', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});

describe('the console data folder', () => {
  it('is the folder Electron would use, unless MFA_DESK_CONSOLE_DATA names one', () => {
    expect(userDataDir({}, '/home/ana', 'linux')).toBe('/home/ana/.config/mfa-desk');
    expect(userDataDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana', 'linux')).toBe('/cfg/mfa-desk');
    expect(userDataDir({}, '/Users/ana', 'darwin')).toBe('/Users/ana/Library/Application Support/mfa-desk');
    expect(userDataDir({ MFA_DESK_CONSOLE_DATA: '/data/desk' }, '/home/ana', 'linux')).toBe('/data/desk');
  });
});

describe('saving without a save dialog', () => {
  it('never overwrites a file that is there', () => {
    expect(freeFileName(dir, 'report.csv')).toBe(path.join(dir, 'report.csv'));
    writeFileSync(path.join(dir, 'report.csv'), '');
    writeFileSync(path.join(dir, 'report (1).csv'), '');
    expect(freeFileName(dir, 'report.csv')).toBe(path.join(dir, 'report (2).csv'));
  });

  it('keeps only the file name of a suggested path', () => {
    expect(freeFileName(dir, '../../etc/passwd')).toBe(path.join(dir, 'passwd'));
  });
});
