/**
 * The only bridge between the page and the main process. It exposes `window.api`, grouped by domain,
 * and never `ipcRenderer` itself, so the page can call exactly the operations in the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildDeskApi, IPC_CHANNEL } from '../../src-shared/ipc.js';

contextBridge.exposeInMainWorld(
  'api',
  buildDeskApi((op, input) => ipcRenderer.invoke(IPC_CHANNEL, op, input)),
);
