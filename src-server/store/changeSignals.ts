/**
 * Wakes requests that wait for a row to change, so that they need not poll the database. On SQLite a
 * change is announced in process, to every store open on the same file (instances of one process
 * share it). On PostgreSQL it is a NOTIFY, and each instance holds one LISTEN connection — opened at
 * the first watch — that wakes its own waiters, so a change written through any instance wakes them
 * all. An announcement can be lost (a dropped listening connection), so waiters still re-check slowly.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { sql, type QueryExecutorProvider } from 'kysely';

export interface ChangeWatch {
  /**
   * Resolves at the first change announced since the watch began or since the last `next` resolved,
   * after `timeoutMs`, or when `signal` aborts, whichever comes first.
   */
  next(timeoutMs: number, signal: AbortSignal): Promise<void>;
  stop(): void;
}

export interface ChangeSignals {
  /** Announces that `key` changed. Call it once the change is committed; it never throws. */
  changed(key: string): Promise<void>;
  /** Starts watching `key`; subscribe before reading the state, so no change between the two is missed. */
  watch(key: string): Promise<ChangeWatch>;
  close(): Promise<void>;
}

const CHANNEL = 'mfa_desk_changes';
// Waiters on one key are few (the consoles of one ticket); keys are many, so no listener warning applies.
const newEmitter = () => new EventEmitter().setMaxListeners(0);

function watchOn(emitter: EventEmitter, key: string): ChangeWatch {
  let pending = false;
  let wake: (() => void) | null = null;
  const onChange = () => {
    pending = true;
    wake?.();
  };
  emitter.on(key, onChange);
  return {
    async next(timeoutMs, signal) {
      if (!pending && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, timeoutMs));
          signal.addEventListener('abort', done, { once: true });
          wake = done;
        });
      }
      pending = false;
    },
    stop: () => void emitter.off(key, onChange),
  };
}

// One emitter per SQLite file, for every store of this process open on it.
const sqliteEmitters = new Map<string, { emitter: EventEmitter; stores: number }>();

export function sqliteChangeSignals(file: string): ChangeSignals {
  const shared = sqliteEmitters.get(file) ?? { emitter: newEmitter(), stores: 0 };
  shared.stores++;
  sqliteEmitters.set(file, shared);
  let closed = false;
  return {
    // In process, announcing and watching are immediate; the interface is asynchronous for PostgreSQL.
    changed(key) {
      shared.emitter.emit(key);
      return Promise.resolve();
    },
    watch: (key) => Promise.resolve(watchOn(shared.emitter, key)),
    close() {
      if (!closed && --shared.stores === 0) sqliteEmitters.delete(file);
      closed = true;
      return Promise.resolve();
    },
  };
}

export function postgresChangeSignals(db: QueryExecutorProvider, connectionString: string): ChangeSignals {
  const emitter = newEmitter();
  let listening: Promise<pg.Client> | null = null;
  let closed = false;

  function listen(): Promise<pg.Client> {
    listening ??= (async () => {
      const client = new pg.Client({ connectionString });
      client.on('notification', (message) => {
        if (message.channel === CHANNEL && message.payload) emitter.emit(message.payload);
      });
      // A lost connection is opened again at the next watch; meanwhile every waiter re-reads once.
      client.on('error', () => undefined);
      client.on('end', () => {
        listening = null;
        for (const key of emitter.eventNames()) emitter.emit(key);
      });
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      return client;
    })();
    const attempt = listening;
    attempt.catch(() => {
      if (listening === attempt) listening = null;
    });
    return attempt;
  }

  return {
    async changed(key) {
      try {
        await sql`select pg_notify(${CHANNEL}, ${key})`.execute(db);
      } catch {
        // The waiters' slow re-check covers a lost announcement; the change itself is committed.
      }
    },
    async watch(key) {
      if (closed) throw new Error('The store is closed.');
      const watch = watchOn(emitter, key);
      try {
        await listen();
      } catch {
        // Without a listening connection the watch still works, by its waiter's re-check alone.
      }
      return watch;
    },
    async close() {
      closed = true;
      const client = await listening?.catch(() => null);
      listening = null;
      await client?.end();
    },
  };
}
