import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInvoker, guardSender, type HandlerTable } from '../../../../src-main/ipc/invoker.js';
import { consolePageUrl, isConsolePage, trustedSender, type ConsoleWindow } from '../../../../src-main/ipc/trustedSender.js';
import { ConsoleError } from '../../../../src-main/services/consoleError.js';

const calls: unknown[] = [];
const status = {
  mode: 'embedded' as const,
  backendLabel: 'x',
  backendReady: true,
  backendError: null,
  agent: null,
  notifications: true,
  language: null,
  systemLanguage: 'en' as const,
};
const handlers = {
  'app.status': async () => status,
  'settings.setBackend': async () => status,
  'session.signIn': async () => {
    throw new ConsoleError('invalid_credentials', 'The e-mail, password or code is wrong.');
  },
  'session.signOut': async () => status,
  'accounts.search': async (input) => {
    calls.push(input);
    return { items: [], nextCursor: null };
  },
  'accounts.get': async () => {
    throw new Error('database exploded at /secret/path');
  },
  'accounts.events': async () => ({ items: [], nextCursor: null }),
} satisfies Partial<HandlerTable>;

// Operations missing from this table are never reached: the tests only call the ones above.
const invoke = createInvoker(handlers as unknown as HandlerTable);

describe('IPC invoker', () => {
  it('runs a valid call', async () => {
    expect(await invoke('accounts.search', { q: 'anna' })).toEqual({ ok: true, value: { items: [], nextCursor: null } });
    expect(calls).toEqual([{ q: 'anna' }]);
  });

  it.each([
    ['no argument', undefined],
    ['a string', 'anna'],
    ['a wrong type', { q: 42 }],
    ['an extra field', { q: 'a', token: 'steal' }],
    ['an over-long query', { q: 'a'.repeat(300) }],
    ['a limit out of range', { q: 'a', limit: 0 }],
  ])('refuses malformed arguments (%s) without calling the handler', async (_name, input) => {
    calls.length = 0;
    const result = await invoke('accounts.search', input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
    expect(calls).toEqual([]);
  });

  it('refuses an operation that is not in the contract', async () => {
    expect(await invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await invoke({ toString: () => 'accounts.search' }, { q: '' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_operation' },
    });
  });

  it('passes a console error through, and hides anything else behind a plain message', async () => {
    expect(await invoke('session.signIn', { email: 'a@b.co', password: 'x', code: '123456' })).toEqual({
      ok: false,
      error: { code: 'invalid_credentials', message: 'The e-mail, password or code is wrong.' },
    });
    const hidden = await invoke('accounts.get', { id: 'abc' });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(hidden)).not.toContain('/secret/path');
  });

  it('rejects a foreign sender before anything runs', async () => {
    const ours = { frame: 'top' };
    const guarded = guardSender(invoke, (sender) => sender === ours);
    calls.length = 0;
    expect(await guarded({ frame: 'iframe' }, 'accounts.search', { q: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    });
    expect(calls).toEqual([]);
    expect(await guarded(ours, 'accounts.search', { q: 'x' })).toMatchObject({ ok: true });
  });
});

describe('the contract’s argument schemas', () => {
  const shapes: [string, unknown][] = [
    ['accounts.events', { id: 'abc', limit: 50 }],
    ['accounts.events', { id: 'abc', cursor: 'MTIz' }],
    ['mfa.disable', { accountId: 'a1', requestId: 'r1', reason: 'Lost phone', ticketRef: 'T-1', idempotencyKey: 'k-12345678' }],
    [
      'reset.start',
      { accountId: 'a1', channel: 'phone', reason: 'New phone', ticketRef: 'T-2', revokeOldNow: false, idempotencyKey: 'k-12345678' },
    ],
    ['reset.watch', { ticketId: 't1', after: 3, waitSeconds: 25 }],
    ['escalations.decide', { id: 'e1', approve: true, note: 'checked', idempotencyKey: 'k-12345678' }],
  ];
  it.each(shapes)('accept what the renderer sends to %s', async (op, input) => {
    const result = await createInvoker(new Proxy({} as HandlerTable, { get: () => async () => 'ran' }))(op, input);
    expect(result).toEqual({ ok: true, value: 'ran' });
  });

  it('refuse an extra key on a merged input', async () => {
    const result = await createInvoker(new Proxy({} as HandlerTable, { get: () => async () => 'ran' }))('mfa.disable', {
      accountId: 'a1',
      requestId: 'r1',
      reason: 'Lost phone',
      ticketRef: 'T-1',
      idempotencyKey: 'k-12345678',
      force: true,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('the IPC sender check', () => {
  const outDir = path.join(path.sep, 'opt', 'MFA Desk', 'out');
  const pageUrl = consolePageUrl(outDir, undefined);
  const mainFrame = { url: `${pageUrl}#/accounts/a1` };
  const win: ConsoleWindow = { webContents: { mainFrame } };
  const trusted = trustedSender(pageUrl, () => win);
  const guarded = guardSender(invoke, trusted);
  // Our top frame (the same object), as if it had navigated to `url`.
  const fromTop = (url: string) => ({ sender: win.webContents, senderFrame: Object.assign(mainFrame, { url }) });

  it('is computed once from the built page, or from the dev server under npm run dev', () => {
    expect(pageUrl).toBe(pathToFileURL(path.join(outDir, 'renderer', 'index.html')).href);
    expect(pageUrl).toContain('MFA%20Desk');
    expect(consolePageUrl(outDir, 'http://localhost:5173')).toBe('http://localhost:5173/');
  });

  it('accepts our window’s top frame on our page, whatever route its hash shows', async () => {
    calls.length = 0;
    expect(await guarded(fromTop(`${pageUrl}#/settings`), 'accounts.search', { q: 'x' })).toMatchObject({ ok: true });
    expect(trusted(fromTop(pageUrl))).toBe(true);
    expect(calls).toEqual([{ q: 'x' }]);
  });

  it.each([
    ['another file:// page', pathToFileURL(path.join(path.sep, 'tmp', 'evil.html')).href],
    ['another page beside ours', pathToFileURL(path.join(outDir, 'renderer', 'other.html')).href],
    ['our path with a query', `${pageUrl}?inject=1`],
    ['our path on another host', pageUrl.replace('file:///', 'file://evil.example/')],
    ['a web page', 'https://attacker.example/index.html'],
    ['the dev server URL when not in dev mode', 'http://localhost:5173/'],
    ['not a URL at all', 'about:blank'],
  ])('refuses %s in our top frame before anything runs', async (_name, url) => {
    calls.length = 0;
    expect(await guarded(fromTop(url), 'accounts.search', { q: 'x' })).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(calls).toEqual([]);
  });

  it('refuses a subframe, even one showing our page', () => {
    expect(trusted({ sender: win.webContents, senderFrame: { url: pageUrl } })).toBe(false);
  });

  it('refuses another window’s contents, a destroyed frame, and no window at all', () => {
    expect(trusted({ sender: { mainFrame }, senderFrame: fromTop(pageUrl).senderFrame })).toBe(false);
    expect(trusted({ sender: win.webContents, senderFrame: null })).toBe(false);
    expect(trustedSender(pageUrl, () => null)(fromTop(pageUrl))).toBe(false);
    expect(trusted('not an event')).toBe(false);
  });

  it('compares whole URLs, not prefixes', () => {
    expect(isConsolePage('http://localhost:5173/', 'http://localhost:5173/#/accounts')).toBe(true);
    expect(isConsolePage('http://localhost:5173/', 'http://localhost:51730/')).toBe(false);
    expect(isConsolePage('http://localhost:5173/', 'http://localhost:5173/evil/')).toBe(false);
    expect(isConsolePage('http://localhost:5173/', 'http://localhost:5173.attacker.example/')).toBe(false);
  });
});
