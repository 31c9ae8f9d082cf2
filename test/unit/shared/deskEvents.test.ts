import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { Id } from '../../../src-shared/api.js';
import { DESK_COMMANDS, isDeskEvent, LIVE_TICKET_STATUSES, type LiveWork } from '../../../src-shared/deskEvents.js';
import { TICKET_STATUSES } from '../../../src-shared/resetApi.js';
import { acceleratorOf, commandForKey, DESK_SHORTCUTS, keysOf, shortcutFor } from '../../../src-shared/shortcuts.js';

const RESET = { ticketId: 't-1', accountId: 'a-1', accountLogin: 'anna@example.com', status: 'qr_shown' } as const;
const LIVE: LiveWork = {
  connection: 'ok',
  problem: null,
  pendingEscalations: 2,
  alerts: 1,
  myResets: [RESET],
  incoming: { open: 3, oldestOpenAt: '2026-12-01T03:50:00.000Z', claimed: 1, latestClaimUntil: '2026-12-01T04:05:00.000Z' },
};

describe('events from main to the page', () => {
  it('are exactly the contract’s shapes', () => {
    for (const command of DESK_COMMANDS) expect(isDeskEvent({ kind: 'command', command })).toBe(true);
    expect(isDeskEvent({ kind: 'openAccount', accountId: '3f2b9c1e-7a4d-4e0b-9f55-0c1d2e3f4a5b' })).toBe(true);
    expect(isDeskEvent({ kind: 'updateReady', version: '1.2.3-beta.1' })).toBe(true);
    expect(isDeskEvent({ kind: 'liveWork', work: LIVE })).toBe(true);
    expect(
      isDeskEvent({
        kind: 'liveWork',
        work: {
          ...LIVE,
          connection: 'lost',
          problem: { code: 'backend_unreachable', message: 'The backend at x cannot be reached.', params: { host: 'x' } },
          alerts: null,
        },
      }),
    ).toBe(true);
    expect(isDeskEvent({ kind: 'liveWork', work: { ...LIVE, incoming: null } })).toBe(true);
    expect(
      isDeskEvent({ kind: 'liveWork', work: { ...LIVE, incoming: { open: 0, oldestOpenAt: null, claimed: 0, latestClaimUntil: null } } }),
    ).toBe(true);
  });

  it('name the ticket statuses exactly as the contract does', () => {
    expect([...LIVE_TICKET_STATUSES]).toEqual([...TICKET_STATUSES]);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'openSettings'],
    ['an unknown kind', { kind: 'runScript', script: 'x' }],
    ['an unknown command', { kind: 'command', command: 'disableMfa' }],
    ['an extra field', { kind: 'command', command: 'openSettings', url: 'https://evil.example' }],
    ['an account id with a slash', { kind: 'openAccount', accountId: '../settings' }],
    ['an account id that is not a string', { kind: 'openAccount', accountId: 42 }],
    ['a version with markup', { kind: 'updateReady', version: '<img src=x>' }],
    ['an array', [{ kind: 'command', command: 'openSettings' }]],
    ['live work with a negative count', { kind: 'liveWork', work: { ...LIVE, pendingEscalations: -1 } }],
    ['live work with an unknown step', { kind: 'liveWork', work: { ...LIVE, myResets: [{ ...RESET, status: 'hacked' }] } }],
    ['live work with an extra field', { kind: 'liveWork', work: { ...LIVE, token: 'secret' } }],
    ['a live reset with an extra field', { kind: 'liveWork', work: { ...LIVE, myResets: [{ ...RESET, link: 'https://x' }] } }],
    ['live work with an unknown connection', { kind: 'liveWork', work: { ...LIVE, connection: 'maybe' } }],
    ['live work without the incoming queue', { kind: 'liveWork', work: { ...LIVE, incoming: undefined } }],
    ['an incoming count that is not a count', { kind: 'liveWork', work: { ...LIVE, incoming: { ...LIVE.incoming, open: 1.5 } } }],
    [
      'an incoming age that is not a time',
      { kind: 'liveWork', work: { ...LIVE, incoming: { ...LIVE.incoming, oldestOpenAt: '<b>now</b>' } } },
    ],
    ['an incoming queue with an extra field', { kind: 'liveWork', work: { ...LIVE, incoming: { ...LIVE.incoming, ids: [] } } }],
    ['an incoming claim count that is not a count', { kind: 'liveWork', work: { ...LIVE, incoming: { ...LIVE.incoming, claimed: -1 } } }],
    [
      'an incoming claim end that is not a time',
      { kind: 'liveWork', work: { ...LIVE, incoming: { ...LIVE.incoming, latestClaimUntil: 'soon' } } },
    ],
  ])('refuse %s', (_what, message) => {
    expect(isDeskEvent(message)).toBe(false);
  });

  it('take account ids exactly as the contract’s Id does', () => {
    const samples = [
      'a',
      'A-b_9',
      'x'.repeat(64),
      'x'.repeat(65),
      '',
      'a.b',
      'a b',
      'é',
      'a/b',
      '%2F',
      '3f2b9c1e-7a4d-4e0b-9f55-0c1d2e3f4a5b',
    ];
    for (const accountId of samples) expect(isDeskEvent({ kind: 'openAccount', accountId }), accountId).toBe(Value.Check(Id, accountId));
  });
});

describe('the keyboard shortcuts', () => {
  const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('are one per command, each with a Ctrl/Cmd accelerator', () => {
    expect(DESK_SHORTCUTS.map((s) => s.command).sort()).toEqual([...DESK_COMMANDS].sort());
    expect(DESK_SHORTCUTS.map(acceleratorOf)).toEqual(['CmdOrCtrl+K', 'CmdOrCtrl+,', 'CmdOrCtrl+/']);
  });

  it('are written as each platform writes them', () => {
    expect(keysOf(shortcutFor('findAccount'), true)).toBe('⌘K');
    expect(keysOf(shortcutFor('openSettings'), false)).toBe('Ctrl+,');
  });

  it('answer Ctrl or ⌘ with their key', () => {
    expect(commandForKey(press('k', { ctrlKey: true }))).toBe('findAccount');
    expect(commandForKey(press('K', { metaKey: true }))).toBe('findAccount');
    expect(commandForKey(press(',', { ctrlKey: true }))).toBe('openSettings');
    expect(commandForKey(press('/', { metaKey: true }))).toBe('showShortcuts');
    // Layouts where / needs Shift (Shift+7 on a German keyboard) still reach the list.
    expect(commandForKey(press('/', { ctrlKey: true, shiftKey: true }))).toBe('showShortcuts');
  });

  it('ignore the key alone, with AltGr, or a letter with Shift', () => {
    expect(commandForKey(press('k'))).toBeNull();
    expect(commandForKey(press('/'))).toBeNull();
    expect(commandForKey(press('k', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandForKey(press('K', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(commandForKey(press('j', { ctrlKey: true }))).toBeNull();
  });
});
