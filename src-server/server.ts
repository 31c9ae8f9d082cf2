/**
 * The backend's command line:
 *   server [--host h] [--port p] [--data dir] [--demo]   run the API (port 0 picks a free one)
 *   server import <file.csv> --data dir                 load accounts from CSV
 *   server reseal --data dir                            re-seal every stored secret with the newest key
 * When it listens it prints one JSON line `{"listening":"http://…"}` on stdout, which the console's
 * embedded mode reads to find the port; with `--demo --bootstrap-session` the line also carries the demo
 * admin's first session (`bootstrapToken`), read only by the console that started this process.
 */
import { ConfigError, loadConfig, parseFlags } from './config.js';
import { importAccountsCsv } from './cli/importAccounts.js';
import { demoAdminSession, seedDemo } from './cli/seedDemo.js';
import { buildApp } from './app.js';
import { appDeps } from './appDeps.js';
import { HOUSEKEEPING_PERIOD_SECONDS, runHousekeeping } from './domain/platform/housekeeping.js';
import { isLoopbackHost } from './domain/mail/linkBase.js';
import { fileClock, systemClock } from './domain/platform/clock.js';
import { createSecretBox } from './domain/credentials/secretBox.js';
import { resealSecrets } from './domain/credentials/secretReseal.js';
import { openStore } from './store/openStore.js';
import { createMetrics, recordLockouts, recordRequests, serveMetrics } from './plugins/metrics.js';

async function main(argv: string[]): Promise<number> {
  const { flags, positional } = parseFlags(argv);
  const config = loadConfig(flags);
  const store = await openStore(config);
  const box = createSecretBox(config.encryptionKey, config.oldEncryptionKeys);
  // Only the scale-out test mode sets this (test/support/backend.ts): its instances share the test's clock.
  const testClockFile = process.env['MFA_DESK_TEST_CLOCK_FILE'];
  const clock = testClockFile ? fileClock(testClockFile) : systemClock;

  if (positional[0] === 'import') {
    const file = positional[1];
    if (!file) throw new ConfigError('Usage: server import <file.csv> --data <folder>');
    const result = await importAccountsCsv(store.db, file, clock.now());
    await store.close();
    if (!result.ok) {
      for (const problem of result.problems) process.stderr.write(`line ${problem.line}: ${problem.message}\n`);
      process.stderr.write(`Nothing was imported: fix the ${result.problems.length} line(s) above and run the import again.\n`);
      return 1;
    }
    process.stdout.write(`Imported ${result.imported} account(s).\n`);
    return 0;
  }
  if (positional[0] === 'reseal') {
    const report = await resealSecrets(store.db, box, 500, (line) => process.stdout.write(`${line}\n`));
    await store.close();
    let unreadable = 0;
    for (const column of report.columns) {
      process.stdout.write(
        `${column.name}: ${column.resealed} re-sealed with key ${box.keyId}, ${column.changedMeanwhile} changed meanwhile (already current), ${column.unreadable.length} unreadable\n`,
      );
      if (column.unreadable.length > 0) process.stderr.write(`  unreadable with the configured keys: ${column.unreadable.join(', ')}\n`);
      unreadable += column.unreadable.length;
    }
    if (unreadable > 0) {
      process.stderr.write(
        'Some secrets open with none of the configured keys: add their key to MFA_DESK_OLD_ENCRYPTION_KEYS and run again.\n',
      );
      return 1;
    }
    process.stdout.write(`Every stored secret is sealed with key ${box.keyId}: the old keys can be retired.\n`);
    return 0;
  }
  if (positional.length > 0) throw new ConfigError(`Unknown command "${positional[0]}". Commands: import, reseal.`);

  if (config.demo) await seedDemo(store.db, box, config.dataDir, clock.now());
  const deps = appDeps({ config, store, box, clock });
  const app = await buildApp(deps, {
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  });
  const metrics = config.metrics ? createMetrics(store.db, () => clock.now()) : null;
  if (metrics) {
    recordRequests(app, metrics);
    recordLockouts(deps.auditChainer, metrics);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const metricsServer = metrics && config.metrics ? await serveMetrics(metrics, config.metrics.host, config.metrics.port) : null;
  const bootstrap = config.bootstrapSession ? await demoAdminSession(store.db, clock.now()) : null;
  process.stdout.write(
    `${JSON.stringify({
      listening: address,
      keySource: config.encryptionKeySource,
      ...(metricsServer ? { metrics: metricsServer.url } : {}),
      ...(testClockFile ? { testClockFile } : {}),
      ...(bootstrap ? { bootstrapToken: bootstrap.token } : {}),
    })}\n`,
  );
  if (config.supportAddresses.length === 0)
    app.log.warn(
      'MFA_DESK_SUPPORT_ADDRESSES is not set: no disable request can be verified, because none can be shown to be addressed to support. Set --support-addresses to the address(es) users write to, e.g. support@example.com.',
    );
  if (deps.links.derived && !isLoopbackHost(config.host))
    app.log.warn(
      `MFA_DESK_PUBLIC_URL is not set: links in e-mails to users point at ${deps.links.url}, which only this machine can open. Set --public-url to the address users reach this backend at.`,
    );
  const chores = {
    db: store.db,
    mailer: deps.disable.mailer,
    now: () => clock.now(),
    auditDetailsRetentionDays: config.auditDetailsRetentionDays,
  };
  // Chaining what other instances left pending goes through this instance's chainer, so its metrics see it.
  const runChores = () =>
    void deps.auditChainer
      .settle()
      .then(() => runHousekeeping(chores))
      .then(
        (result) => result.ran.forEach((job) => metrics?.jobRuns.inc({ job })),
        (error: unknown) => app.log.warn({ err: error }, 'housekeeping failed'),
      );
  // Once at start (an instance that restarts often still does its share), then every period.
  runChores();
  const housekeeping = setInterval(runChores, HOUSEKEEPING_PERIOD_SECONDS * 1000);
  housekeeping.unref();
  // Graceful shutdown, once however many signals arrive: stop accepting connections, let the requests
  // in flight finish (a request arriving on an open connection meanwhile gets a 503), then close the
  // database pool. A request that never finishes (a stuck long poll) does not keep the process for ever.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeeping);
    setTimeout(() => {
      app.log.error('requests still running 30 s after the shutdown signal: exiting without them');
      process.exit(1);
    }, 30_000).unref();
    const closeAll = async () => {
      await app.close();
      await metricsServer?.close();
      await store.close();
    };
    closeAll().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Embedded in the console: when the console's end of stdin closes, the console is gone.
  if (flags['exit-with-parent'] === true) {
    process.stdin.on('end', stop).on('close', stop).resume();
  }
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
