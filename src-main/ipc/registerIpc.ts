/** Electron's transport for the handler table: one channel, the sender checked before anything runs. */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../../src-shared/ipc.js';
import { guardSender, type Invoker } from './invoker.js';

export function registerIpc(ipcMain: IpcMain, invoke: Invoker, window: () => BrowserWindow | null) {
  // Only the top frame of our own window, showing our own page (the built file, or the dev server under npm run dev), may call in.
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  const ourPage = (url: string) => url.startsWith('file://') || (!!devServer && url.startsWith(devServer));
  const isTrusted = (event: unknown) => {
    const e = event as IpcMainInvokeEvent;
    const win = window();
    return (
      !!win && e.sender === win.webContents && e.senderFrame === win.webContents.mainFrame && !!e.senderFrame && ourPage(e.senderFrame.url)
    );
  };
  const guarded = guardSender(invoke, isTrusted);
  ipcMain.handle(IPC_CHANNEL, (event, op: unknown, input: unknown) => guarded(event, op, input));
}
