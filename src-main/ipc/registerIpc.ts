/** Electron's transport for the handler table: one channel, the sender checked before anything runs. */
import type { BrowserWindow, IpcMain } from 'electron';
import { IPC_CHANNEL } from '../../src-shared/ipc.js';
import { guardSender, type Invoker } from './invoker.js';
import { trustedSender } from './trustedSender.js';

/** `pageUrl` is consolePageUrl(…), the page the window loads: the only one whose top frame may call in. */
export function registerIpc(ipcMain: IpcMain, invoke: Invoker, window: () => BrowserWindow | null, pageUrl: string) {
  const guarded = guardSender(invoke, trustedSender(pageUrl, window));
  ipcMain.handle(IPC_CHANNEL, (event, op: unknown, input: unknown) => guarded(event, op, input));
}
