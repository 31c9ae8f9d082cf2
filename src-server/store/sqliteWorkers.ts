/**
 * SQLite off the event loop. better-sqlite3 runs every statement on the calling thread, so on the
 * server's one JavaScript thread a slow query would stall every request. Here the database is served
 * by worker threads, each holding its own connection with its statements prepared once and kept:
 *
 * - one **writer**: every write and every transaction. A mutex gives it to one transaction (or one
 *   write outside a transaction) at a time, as Kysely's own SQLite driver does with its one connection,
 *   so the semantics of the code above do not change: a transaction still sees and writes alone.
 * - a few **readers** (read-only connections; WAL lets them read beside the writer): plain SELECTs
 *   outside a transaction, sent to the least busy reader. A reader sees everything committed before
 *   the read was sent, so a request that wrote and then reads sees its own write.
 *
 * Durability: the writer commits with `synchronous = NORMAL` (written to the WAL, not flushed) and then
 * flushes the WAL itself (fsync) after every commit, a transaction's or a lone write's, before answering —
 * as durable as `synchronous = FULL`. A transaction that runs `CHEAP_COMMIT_SQL` (PostgreSQL's own
 * `set local synchronous_commit = off`, which the writer takes as a note instead of SQL) skips that
 * flush: a process crash cannot lose it, a power cut can, and the next flushed commit makes it durable
 * with everything before it (the WAL is flushed as a whole, in order). The note stays on this side and
 * travels with the `commit`, costing no round trip. See commitDurability.ts.
 *
 * Trips: what this thread sends a worker in one turn of its event loop travels as one message. The
 * writer answers all of it in one message, after flushing the WAL once for all the commits in it (a
 * group commit: nothing is acknowledged before it is on disk); a reader answers each read once done.
 * A lone write, and a batch (`writeBatch`: several writes run as one transaction inside the worker, see
 * writeBatch.ts), hands the writer on as soon as it is sent: the writer runs what it receives in order,
 * so whoever takes the writer next is served after it.
 *
 * Migrations run before this, on a connection of the server's own thread (openStore.ts). Kysely's
 * savepoint API is not offered (Kysely refuses it on such a driver); `writeTogether` inside an open
 * transaction issues SAVEPOINT as plain SQL, which runs on the writer like any statement of it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

export interface SqliteWorkerOptions {
  file: string;
  /** Pragmas every connection runs first (`journal_mode = WAL`, …). */
  pragmas: readonly string[];
  readers: number;
}

/** What a transaction runs to let its commit skip the flush (PostgreSQL runs the same text as SQL). */
export const CHEAP_COMMIT_SQL = 'set local synchronous_commit = off';

interface WorkerSetup {
  driverPath: string;
  file: string;
  pragmas: readonly string[];
  readonly: boolean;
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

interface StatementJob extends Statement {
  id: number;
  /** On a `commit`: the transaction ran CHEAP_COMMIT_SQL, so its commit is not flushed. */
  cheap?: boolean;
}

/** Writes run as one transaction in the worker (see `WriteBatchOptions`). */
interface BatchJob extends WriteBatchOptions {
  id: number;
  batch: readonly Statement[];
}

type Job = StatementJob | BatchJob;

/** How a batch of writes commits, and which of its first writes decide whether any of it is written. */
export interface WriteBatchOptions {
  /** Commit without the flush, as a transaction that ran CHEAP_COMMIT_SQL. */
  cheap: boolean;
  /**
   * How many of the first writes are guards: when one of them changes no row, the batch is rolled back
   * and answers null. Each guard takes its row's write lock as it runs, so of two batches guarded on
   * the same row only one can pass.
   */
  guards: number;
}

type Answer =
  | { id: number; ok: true; rows: unknown[]; changes: number | null; lastInsertRowid: number | bigint | null }
  | { id: number; ok: true; batch: number[] | null }
  | { id: number; ok: false; name: string; message: string; code: string | undefined };
type Success = Extract<Answer, { ok: true }>;

/** What a worker uses of better-sqlite3. */
interface WorkerStatement {
  reader: boolean;
  readonly: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface WorkerConnection {
  prepare(sql: string): WorkerStatement;
  pragma(text: string): unknown;
  close(): void;
  inTransaction: boolean;
}

/** The worker's `require`, typed for the two modules it loads: Node's fs and the driver. */
interface WorkerRequire {
  (path: 'node:fs'): { openSync(path: string, flags: string): number; fsyncSync(fd: number): void; closeSync(fd: number): void };
  (driverPath: string): new (file: string, options: { readonly: boolean }) => WorkerConnection;
}

/**
 * The body of every worker. It is sent to the worker as its source text (so it must use only its
 * arguments): one connection, statements prepared once per SQL text and kept (the SQL is Kysely's,
 * so the set of texts is bounded by the code; the cache is capped anyway).
 */
function serveConnection(
  setup: WorkerSetup,
  port: { on(event: 'message', listener: (jobs: Job[] | 'close') => void): void; postMessage(answers: Answer[]): void },
  load: WorkerRequire,
  exit: () => void,
) {
  const fs = load('node:fs');
  const Database = load(setup.driverPath);
  const db = new Database(setup.file, { readonly: setup.readonly });
  for (const pragma of setup.pragmas) db.pragma(pragma);
  // The writer flushes the WAL itself after each commit (below), except after a cheap one.
  if (!setup.readonly) db.pragma('synchronous = NORMAL');
  const statements = new Map<string, WorkerStatement>();
  // Methods of an object, not named arrow functions: this function is sent as text, where the name
  // helpers a bundler wraps named functions in do not exist.
  const serve = {
    prepared(sql: string): WorkerStatement {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (statements.size >= 2000) statements.delete(statements.keys().next().value ?? '');
        statements.set(sql, statement);
      }
      return statement;
    },
    /** Runs one job; says whether it committed something that must be flushed before it is answered. */
    run(job: Job): { answer: Answer; flush: boolean } {
      if ('batch' in job) {
        serve.prepared('begin immediate').run([]);
        try {
          const changes: number[] = [];
          for (const statement of job.batch) {
            const changed = serve.prepared(statement.sql).run(statement.parameters).changes;
            if (changes.length < job.guards && changed === 0) {
              serve.prepared('rollback').run([]);
              return { answer: { id: job.id, ok: true, batch: null }, flush: false };
            }
            changes.push(changed);
          }
          serve.prepared('commit').run([]);
          return { answer: { id: job.id, ok: true, batch: changes }, flush: !job.cheap };
        } catch (error) {
          if (db.inTransaction) serve.prepared('rollback').run([]);
          throw error;
        }
      }
      const statement = serve.prepared(job.sql);
      const inTransaction = db.inTransaction;
      let answer: Answer;
      if (statement.reader) {
        // A reader may write too (`insert … returning`).
        answer = { id: job.id, ok: true, rows: statement.all(job.parameters), changes: null, lastInsertRowid: null };
      } else {
        const { changes, lastInsertRowid } = statement.run(job.parameters);
        answer = { id: job.id, ok: true, rows: [], changes, lastInsertRowid };
      }
      // A commit, a transaction's or a lone write's, is answered only once it is on disk.
      const committed = !db.inTransaction && (inTransaction ? job.sql === 'commit' : !statement.readonly);
      return { answer, flush: committed && !job.cheap && !setup.readonly };
    },
    failure(id: number, error: unknown): Answer {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
      return { id, ok: false, name: e.name, message: e.message, code };
    },
  };
  port.on('message', (jobs) => {
    if (jobs === 'close') {
      db.close();
      exit();
      return;
    }
    const answers: Answer[] = [];
    const flushed: number[] = [];
    for (const job of jobs) {
      try {
        const { answer, flush } = serve.run(job);
        if (flush) flushed.push(answers.length);
        answers.push(answer);
      } catch (error) {
        answers.push(serve.failure(job.id, error));
      }
      // A reader answers each read once done, so a quick read never waits for a slow one sent with it.
      if (setup.readonly) port.postMessage(answers.splice(0));
    }
    if (setup.readonly) return;
    if (flushed.length > 0) {
      // One flush for every commit of this message, before any of them is answered.
      try {
        const wal = fs.openSync(`${setup.file}-wal`, 'r');
        try {
          fs.fsyncSync(wal);
        } finally {
          fs.closeSync(wal);
        }
      } catch (error) {
        for (const index of flushed) answers[index] = serve.failure(answers[index]?.id ?? 0, error);
      }
    }
    port.postMessage(answers);
  });
}

const WORKER_SOURCE = `const { parentPort, workerData } = require('node:worker_threads');
(${serveConnection.toString()})(workerData, parentPort, require, () => process.exit(0));`;

/** One worker and its connection. */
class ConnectionWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(answer: Success): void; reject(error: Error): void }>();
  /** Jobs of this turn of the event loop, sent together at its end. */
  private outbox: Job[] = [];
  private nextId = 1;
  private failure: Error | null = null;
  private whenIdle: (() => void) | null = null;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: setup });
    this.worker.on('message', (answers: Answer[]) => {
      for (const answer of answers) this.settle(answer);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The SQLite worker stopped (exit code ${code}).`)));
  }

  get busy(): number {
    return this.waiting.size;
  }

  /** Sends one statement; it is queued at once, behind everything sent before it. */
  async run(query: CompiledQuery, cheap = false): Promise<QueryResult<unknown>> {
    const answer = await this.send((id) => ({ id, sql: query.sql, parameters: query.parameters, cheap }));
    if ('batch' in answer) throw new Error('The SQLite worker answered a statement as a batch.');
    return {
      rows: answer.rows,
      ...(answer.changes === null ? {} : { numAffectedRows: BigInt(answer.changes) }),
      ...(answer.lastInsertRowid === null ? {} : { insertId: BigInt(answer.lastInsertRowid) }),
    };
  }

  /** Sends writes to run as one transaction; queued at once, like `run`. */
  async runBatch(queries: readonly CompiledQuery[], options: WriteBatchOptions): Promise<number[] | null> {
    const batch = queries.map((query) => ({ sql: query.sql, parameters: query.parameters }));
    const answer = await this.send((id) => ({ id, batch, ...options }));
    if (!('batch' in answer)) throw new Error('The SQLite worker answered a batch as a statement.');
    return answer.batch;
  }

  /** Closes the connection once everything sent has been answered. */
  async close(): Promise<void> {
    if (this.failure) return;
    this.flush();
    if (this.waiting.size > 0) await new Promise<void>((resolve) => (this.whenIdle = resolve));
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }

  private send(job: (id: number) => Job): Promise<Success> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.outbox.push(job(id)) === 1) setImmediate(() => this.flush());
    });
  }

  private flush() {
    if (this.outbox.length === 0) return;
    const jobs = this.outbox;
    this.outbox = [];
    this.worker.postMessage(jobs);
  }

  private settle(answer: Answer) {
    const waiter = this.waiting.get(answer.id);
    if (!waiter) return;
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) this.whenIdle?.();
    if (!answer.ok) {
      waiter.reject(Object.assign(new Error(answer.message), { name: answer.name, code: answer.code }));
      return;
    }
    waiter.resolve(answer);
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    this.whenIdle?.();
  }
}

/** Hands the writer to one user at a time, in the order they asked. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

/** A connection as Kysely sees it: writes and transactions go to the writer, plain reads to a reader. */
class RoutedConnection implements DatabaseConnection {
  /** Set while this connection holds the writer for a transaction. */
  release: (() => void) | null = null;
  /** Its transaction ran CHEAP_COMMIT_SQL. */
  cheapCommit = false;

  constructor(private readonly pool: WorkerPool) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release && query.sql === CHEAP_COMMIT_SQL) {
      this.cheapCommit = true;
      return { rows: [] };
    }
    // The rows are what the SQL selects, which Kysely's builder typed as R.
    return (await this.run(query)) as QueryResult<R>;
  }

  private async run(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (this.release) return this.pool.writer.run(query);
    if (SelectQueryNode.is(query.query)) return this.pool.reader().run(query);
    // Once sent, the write is queued ahead of whatever the next holder of the writer sends.
    const release = await this.pool.writerLock.lock();
    const written = this.pool.writer.run(query);
    release();
    return written;
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not offered on SQLite: read in keyed batches instead.');
  }
}

class WorkerPool {
  readonly writer: ConnectionWorker;
  readonly writerLock = new Mutex();
  private readonly readers: ConnectionWorker[];

  constructor(options: SqliteWorkerOptions) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const setup = { driverPath, file: options.file };
    this.writer = new ConnectionWorker({ ...setup, pragmas: options.pragmas, readonly: false });
    // Read-only connections need only the pragmas that shape reading (not journal mode or durability).
    const readPragmas = options.pragmas.filter((p) => /^(busy_timeout|foreign_keys)\b/.test(p));
    this.readers = Array.from(
      { length: Math.max(1, options.readers) },
      () => new ConnectionWorker({ ...setup, pragmas: readPragmas, readonly: true }),
    );
  }

  /** Runs writes as one transaction in one trip to the writer, taking its turn like a lone write. */
  async writeBatch(queries: readonly CompiledQuery[], options: WriteBatchOptions): Promise<number[] | null> {
    const release = await this.writerLock.lock();
    const written = this.writer.runBatch(queries, options);
    release();
    return written;
  }

  /** The reader with the fewest statements waiting. */
  reader(): ConnectionWorker {
    return this.readers.reduce((best, r) => (r.busy < best.busy ? r : best));
  }

  async close(): Promise<void> {
    const release = await this.writerLock.lock();
    await Promise.all([this.writer.close(), ...this.readers.map((r) => r.close())]);
    release();
  }
}

class SqliteWorkerDriver implements Driver {
  private pool: WorkerPool | null = null;

  constructor(private readonly options: SqliteWorkerOptions) {}

  init(): Promise<void> {
    this.pool = new WorkerPool(this.options);
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new RoutedConnection(this.running()));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = this.routed(connection);
    const pool = this.running();
    const release = await pool.writerLock.lock();
    try {
      // IMMEDIATE: the write lock is taken at the start (waiting out another process's writer), so a
      // transaction that read first can never fail to upgrade to writing when another instance wrote meanwhile.
      await pool.writer.run(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      release();
      throw error;
    }
    routed.release = release;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.finish(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.finish(connection, 'rollback');
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }

  writeBatch(queries: readonly CompiledQuery[], options: WriteBatchOptions): Promise<number[] | null> {
    return this.running().writeBatch(queries, options);
  }

  private running(): WorkerPool {
    if (!this.pool) throw new Error('The SQLite workers are not running.');
    return this.pool;
  }

  private routed(connection: DatabaseConnection): RoutedConnection {
    if (!(connection instanceof RoutedConnection)) throw new Error('Not a connection of the SQLite workers.');
    return connection;
  }

  /**
   * Ends the transaction while it still holds the writer. A COMMIT that fails (disk full, I/O error) can
   * leave it open, so it is rolled back here, before the writer is handed on: Kysely's own rollback comes
   * after the release, when the writer may already run the next caller's transaction, and is a no-op.
   */
  private async finish(connection: DatabaseConnection, command: 'commit' | 'rollback'): Promise<void> {
    const routed = this.routed(connection);
    const release = routed.release;
    if (!release) return;
    const cheap = routed.cheapCommit;
    routed.release = null;
    routed.cheapCommit = false;
    const writer = this.running().writer;
    try {
      await writer.run(CompiledQuery.raw(command), cheap);
    } catch (error) {
      if (command === 'commit') await writer.run(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    } finally {
      release();
    }
  }
}

/** SQLite's adapter, and the way to this dialect's writer for batches of writes (writeBatch.ts). */
export class SqliteWorkerAdapter extends SqliteAdapter {
  constructor(private readonly driver: () => SqliteWorkerDriver) {
    super();
  }

  /** Runs `queries` as one transaction in one message to the writer; null when a guard held it back. */
  writeBatch(queries: readonly CompiledQuery[], options: WriteBatchOptions): Promise<number[] | null> {
    return this.driver().writeBatch(queries, options);
  }
}

/** Kysely's SQLite dialect with its statements run in worker threads. */
export class SqliteWorkerDialect implements Dialect {
  private driver: SqliteWorkerDriver | null = null;

  constructor(private readonly options: SqliteWorkerOptions) {}

  createDriver(): Driver {
    this.driver = new SqliteWorkerDriver(this.options);
    return this.driver;
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteWorkerAdapter(() => {
      if (!this.driver) throw new Error('The SQLite workers are not running.');
      return this.driver;
    });
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
