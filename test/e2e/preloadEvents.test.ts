/**
 * Main → page events through the built preload, as a sandboxed preload runs: its `ipcRenderer` is the
 * only way in, and the page hears exactly the contract's events, through `window.api.events.listen`.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DESK_EVENT_CHANNEL, type DeskEvent, type DeskEventsApi } from '../../src-shared/deskEvents.js';
import { OUT } from './harness.js';

/** Runs the built preload with this ipcRenderer and returns what it exposed as `api.events`. */
function loadPreload(ipcRenderer: object): DeskEventsApi {
  const exposed: Record<string, { events: DeskEventsApi }> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: { events: DeskEventsApi }) => (exposed[key] = value) },
    ipcRenderer,
  };
  const module = { exports: {} };
  const code = readFileSync(path.join(OUT, 'preload', 'index.cjs'), 'utf8');
  vm.runInNewContext(code, { require: () => electron, module, exports: module.exports });
  const api = exposed['api'];
  if (!api) throw new Error('The preload exposed no api.');
  return api.events;
}

/** Electron's ipcRenderer as far as events go: main's webContents.send arrives as (event, message). */
class Renderer extends EventEmitter {
  invoke = async () => ({ ok: true, value: null });
  fromMain(message: unknown) {
    this.emit(DESK_EVENT_CHANNEL, { sender: this }, message);
  }
}

describe('events from main through the built preload', () => {
  it('reach the page’s listener, in order, until it stops listening', () => {
    const renderer = new Renderer();
    const events = loadPreload(renderer);
    const heard: DeskEvent[] = [];
    const stop = events.listen((event) => heard.push(event));
    renderer.fromMain({ kind: 'command', command: 'showShortcuts' });
    renderer.fromMain({ kind: 'openAccount', accountId: 'acc_7' });
    renderer.fromMain({ kind: 'updateReady', version: '0.2.0' });
    stop();
    renderer.fromMain({ kind: 'command', command: 'openSettings' });
    expect(heard).toEqual([
      { kind: 'command', command: 'showShortcuts' },
      { kind: 'openAccount', accountId: 'acc_7' },
      { kind: 'updateReady', version: '0.2.0' },
    ]);
    expect(renderer.listenerCount(DESK_EVENT_CHANNEL)).toBe(0);
  });

  it('are dropped when they are not exactly one of the contract’s', () => {
    const renderer = new Renderer();
    const heard: unknown[] = [];
    loadPreload(renderer).listen((event) => heard.push(event));
    renderer.fromMain({ kind: 'command', command: 'disableMfa' });
    renderer.fromMain({ kind: 'openAccount', accountId: '../../settings' });
    renderer.fromMain({ kind: 'openAccount', accountId: 'acc_7', then: 'disable' });
    renderer.fromMain('openSettings');
    renderer.emit('mfa-desk:invoke', {}, { kind: 'command', command: 'openSettings' });
    expect(heard).toEqual([]);
  });

  it('are simply absent where the ipcRenderer can only invoke (the Chromium shell and the test harness)', () => {
    const events = loadPreload({ invoke: async () => ({ ok: true, value: null }) });
    const stop = events.listen(() => {
      throw new Error('no event can arrive');
    });
    expect(stop).toBeTypeOf('function');
    expect(() => stop()).not.toThrow();
  });
});
