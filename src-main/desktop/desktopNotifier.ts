/** Desktop notifications from main (Electron's Notification), for new escalations and alerts; a click brings the window forward. */
import { Notification } from 'electron';
import type { DeskNotice } from '../services/liveWork.js';

export function desktopNotifier(onClick: () => void): (notice: DeskNotice) => void {
  return (notice) => {
    // Some Linux desktops have no notification server: then there is simply none.
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', onClick);
    shown.show();
  };
}
