/**
 * Reads one support mailbox for as long as the backend runs. Across instances one reader holds the
 * mailbox's lease (platform/jobLeases.ts) and the others stand by; the holder connects over TLS,
 * creates the processed folder if missing, records each message (recordMessage.ts) and only then moves
 * it there, then waits in IDLE (new mail wakes it at once) or polls. Nothing is ever deleted. A failed
 * connection (unreachable, wrong credentials, dropped mid-fetch) is retried with growing waits and
 * shown in the mailbox's status; nothing else in the backend waits for it.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { MailboxStatus } from '../../../src-shared/intakeApi.js';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits.js';
import { addSeconds, iso } from '../platform/clock.js';
import { releaseJobLease, renewJobLease, takeJobLease } from '../platform/jobLeases.js';
import type { MailboxSettings } from './mailboxSettings.js';
import { recordMessage, type IntakeDeps } from './recordMessage.js';

export interface ReaderSettings {
  ca: Buffer | undefined;
  processedFolder: string[];
  pollSeconds: number;
}

/** How long a reader's hold on a mailbox lasts unless renewed; it renews at least every third of that. */
const LEASE_SECONDS = 30;
const FIRST_RETRY_SECONDS = 2;
const LONGEST_RETRY_SECONDS = 300;

export interface MailboxReader {
  status(): MailboxStatus;
  stop(): Promise<void>;
}

/** A wait that ends early when woken (new mail, a dropped connection, a stop); a wake with no wait running ends the next one at once. */
function wakeableWait() {
  let wake: (() => void) | null = null;
  let woken = false;
  return {
    wait(seconds: number) {
      return new Promise<void>((resolve) => {
        if (woken) {
          woken = false;
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, seconds * 1000);
        wake = () => {
          wake = null;
          clearTimeout(timer);
          resolve();
        };
      });
    },
    wake() {
      if (wake) wake();
      else woken = true;
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function startMailboxReader(mailbox: MailboxSettings, deps: IntakeDeps, settings: ReaderSettings): MailboxReader {
  const job = `mailbox:${mailbox.name}`;
  const owner = randomUUID();
  const waiter = wakeableWait();
  let stopRequested = false;
  // Read through a call: stop() sets it while the loops below await, which flow analysis cannot see.
  const stopped = () => stopRequested;
  let client: ImapFlow | null = null;
  let failures = 0;
  const state: MailboxStatus = { mailbox: mailbox.name, state: 'starting', lastError: null, nextRetryAt: null, lastCheckedAt: null };

  const holdLease = async () => renewJobLease(deps.db, job, owner, deps.now(), LEASE_SECONDS);

  /** Records and moves every message in the folder; false when the lease was lost meanwhile. */
  async function drain(imap: ImapFlow, processedPath: string): Promise<boolean> {
    const uidValidity = String(imap.mailbox ? imap.mailbox.uidValidity : 0n);
    const uids = (await imap.search({ all: true }, { uid: true })) || [];
    for (const uid of uids) {
      if (stopped() || !(await holdLease())) return false;
      const meta = await imap.fetchOne(String(uid), { size: true, internalDate: true }, { uid: true });
      if (!meta) continue;
      const small = (meta.size ?? 0) <= MAX_MESSAGE_BYTES;
      const full = small ? await imap.fetchOne(String(uid), { source: true }, { uid: true }) : null;
      const receivedAt = meta.internalDate instanceof Date ? meta.internalDate : new Date(meta.internalDate ?? deps.now());
      await recordMessage(deps, { mailbox: mailbox.name, uidValidity, uid, raw: full ? (full.source ?? null) : null, receivedAt });
      // Recorded first, moved second: a crash between the two finds the item recorded and only moves it.
      await imap.messageMove(String(uid), processedPath, { uid: true });
    }
    state.lastCheckedAt = iso(deps.now());
    return true;
  }

  async function session(): Promise<void> {
    const imap = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      doSTARTTLS: mailbox.secure ? undefined : true,
      auth: { user: mailbox.user, pass: mailbox.password },
      tls: { ...(settings.ca ? { ca: settings.ca } : {}), minVersion: 'TLSv1.2' },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
      maxIdleTime: Math.min(settings.pollSeconds, LEASE_SECONDS / 3) * 1000,
    });
    client = imap;
    // A dropped connection or new mail ends the current wait.
    imap.on('error', () => waiter.wake());
    imap.on('close', () => waiter.wake());
    imap.on('exists', () => waiter.wake());
    await imap.connect();
    const processed = await imap.mailboxCreate(settings.processedFolder);
    await imap.mailboxOpen(mailbox.folder);
    state.state = 'connected';
    state.lastError = null;
    state.nextRetryAt = null;
    failures = 0;
    while (!stopped() && imap.usable) {
      // The folder is locked only while draining, so IDLE can run between drains.
      const lock = await imap.getMailboxLock(mailbox.folder);
      try {
        if (!(await drain(imap, processed.path))) return;
      } finally {
        lock.release();
      }
      // IDLE: the server reports new mail at once ('exists' ends the wait); the timer is the poll fallback.
      void imap.idle().catch(() => waiter.wake());
      await waiter.wait(Math.min(settings.pollSeconds, LEASE_SECONDS / 3));
      if (!stopped() && !(await holdLease())) return;
    }
    if (!stopped()) throw new Error('the connection to the mail server was closed');
  }

  async function run(): Promise<void> {
    while (!stopped()) {
      let retrySeconds = Math.min(settings.pollSeconds, LEASE_SECONDS / 3);
      try {
        if (await takeJobLease(deps.db, job, owner, deps.now(), LEASE_SECONDS)) {
          await session();
        } else if (state.state === 'starting' || state.state === 'connected') {
          state.state = 'standby';
        }
      } catch (error) {
        if (stopped()) break;
        failures++;
        const authFailed =
          typeof error === 'object' && error !== null && 'authenticationFailed' in error && error.authenticationFailed === true;
        state.state = authFailed ? 'auth_failed' : 'unreachable';
        state.lastError = authFailed ? `The mail server refused the user name or password: ${messageOf(error)}` : messageOf(error);
        retrySeconds = Math.min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), LONGEST_RETRY_SECONDS);
        state.nextRetryAt = iso(addSeconds(deps.now(), retrySeconds));
        // Another instance may fare better (or report the same): the mailbox is free for it.
        await releaseJobLease(deps.db, job, owner).catch(() => undefined);
      } finally {
        const closing = client;
        client = null;
        closing?.close();
      }
      if (!stopped()) await waiter.wait(retrySeconds);
    }
  }

  const running = run();
  return {
    status: () => ({ ...state }),
    async stop() {
      stopRequested = true;
      waiter.wake();
      client?.close();
      await running;
      await releaseJobLease(deps.db, job, owner).catch(() => undefined);
    },
  };
}
