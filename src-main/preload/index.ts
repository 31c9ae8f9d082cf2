/**
 * The only bridge between the page and the main process. It exposes `window.api`, grouped by domain,
 * and never `ipcRenderer` itself, so the page can call exactly the operations in the contract and hear
 * exactly the events in it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DESK_EVENT_CHANNEL, isDeskEvent, type DeskEventListener } from '../../src-shared/deskEvents.js';
import { buildDeskApi, IPC_CHANNEL } from '../../src-shared/ipc.js';

/** Main's events, passed on only when they are exactly one of the contract's. */
function listen(listener: DeskEventListener): () => void {
  // The Chromium shell and the test harness run this file with an ipcRenderer that may only invoke:
  // there the page simply hears no events.
  if (typeof ipcRenderer.on !== 'function' || typeof ipcRenderer.removeListener !== 'function') return () => {};
  const receive = (_event: IpcRendererEvent, message: unknown) => {
    if (isDeskEvent(message)) listener(message);
  };
  ipcRenderer.on(DESK_EVENT_CHANNEL, receive);
  return () => void ipcRenderer.removeListener(DESK_EVENT_CHANNEL, receive);
}

contextBridge.exposeInMainWorld(
  'api',
  buildDeskApi((op, input) => ipcRenderer.invoke(IPC_CHANNEL, op, input), listen),
);
