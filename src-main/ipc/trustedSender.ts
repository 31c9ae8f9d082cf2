/**
 * Who may call the console's IPC: only the top frame of our own window, showing exactly our page.
 * "Our page" is one URL, computed once at start: the built index.html as a file:// URL, or the dev
 * server's root under `npm run dev`. Any other file:// page, our path on another host or with a
 * query, and every subframe are refused, so content that got into the window cannot drive it.
 * Kept free of Electron so the rule is unit-tested as it runs.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL the window loads and the only one trusted to call in. */
export function consolePageUrl(outDir: string, devServerUrl: string | undefined): string {
  return devServerUrl ? new URL(devServerUrl).href : pathToFileURL(path.join(outDir, 'renderer', 'index.html')).href;
}

/** Whether `frameUrl` is our page. The fragment is the page's own router state (hash history), so it may differ. */
export function isConsolePage(pageUrl: string, frameUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  url.hash = '';
  return url.href === pageUrl;
}

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string } | null;
}

/** The parts of Electron's BrowserWindow the check reads. */
export interface ConsoleWindow {
  webContents: { mainFrame: unknown };
}

function isSenderEvent(event: unknown): event is SenderEvent {
  if (typeof event !== 'object' || event === null || !('sender' in event) || !('senderFrame' in event)) return false;
  const frame = event.senderFrame;
  return frame === null || (typeof frame === 'object' && 'url' in frame && typeof frame.url === 'string');
}

/** The sender check for guardSender: our window's web contents, its top frame, our exact page. */
export function trustedSender(pageUrl: string, window: () => ConsoleWindow | null): (event: unknown) => boolean {
  return (event) => {
    const win = window();
    if (!win || !isSenderEvent(event) || !event.senderFrame) return false;
    return (
      event.sender === win.webContents && event.senderFrame === win.webContents.mainFrame && isConsolePage(pageUrl, event.senderFrame.url)
    );
  };
}
