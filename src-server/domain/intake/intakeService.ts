/** The mailbox intake of one backend instance: a reader per configured mailbox, started with the app. */
import type { MailboxStatus } from '../../../src-shared/intakeApi.js';
import type { MailboxSettings } from './mailboxSettings.js';
import { startMailboxReader, type MailboxReader, type ReaderSettings } from './mailboxReader.js';
import type { IntakeDeps } from './recordMessage.js';

export interface IntakeService {
  start(): void;
  /** Each mailbox as this instance sees it (a mailbox another instance reads is `standby` here). */
  status(): MailboxStatus[];
  stop(): Promise<void>;
}

export function createIntakeService(mailboxes: MailboxSettings[], deps: IntakeDeps, settings: ReaderSettings): IntakeService {
  let readers: MailboxReader[] = [];
  const idle = (mailbox: MailboxSettings): MailboxStatus => ({
    mailbox: mailbox.name,
    state: 'starting',
    lastError: null,
    nextRetryAt: null,
    lastCheckedAt: null,
  });
  return {
    start() {
      if (readers.length === 0) readers = mailboxes.map((mailbox) => startMailboxReader(mailbox, deps, settings));
    },
    status: () => (readers.length ? readers.map((reader) => reader.status()) : mailboxes.map(idle)),
    async stop() {
      await Promise.all(readers.splice(0).map((reader) => reader.stop()));
    },
  };
}
