/**
 * Live progress without polling (issue §6): what 500 consoles watching idle re-enrolments cost the
 * server. Each watcher long-polls its ticket (30 s at a time, asking again at once, as the console does);
 * nothing changes, so the server should do nothing but hold the requests. The server runs in its own
 * process; its CPU time is read from /proc before and after. Target ≤ 5 % of one core.
 *   npx tsx bench/idleWatchers.ts         (BENCH_ACCOUNTS, default 1,000,000; BENCH_WATCHERS, default 500)
 */
import { randomUUID } from 'node:crypto';
import { startServerUnderLoad } from './serverUnderLoad.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const watchers = Number(process.env['BENCH_WATCHERS'] ?? 500);
const seconds = Number(process.env['BENCH_WATCH_SECONDS'] ?? 30);

const server = await startServerUnderLoad(count);
try {
  const headers = { authorization: server.authorization, 'content-type': 'application/json' };
  const tickets: Array<{ id: string; version: number }> = [];
  // One ticket per 10 watchers: several consoles may watch one re-enrolment.
  for (const account of server.accounts.slice(0, Math.ceil(watchers / 10))) {
    const res = await fetch(`${server.url}/admin/v1/accounts/${account.id}/mfa/reset`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ channel: 'phone', reason: 'Bench: idle watch', ticketRef: 'BENCH', revokeOldNow: false }),
    });
    if (res.status !== 201) throw new Error(`starting a reset failed: ${res.status} ${await res.text()}`);
    tickets.push((await res.json()) as { id: string; version: number });
  }

  const idleFrom = server.cpuSeconds();
  const idleStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const idleShare = (server.cpuSeconds() - idleFrom) / ((performance.now() - idleStarted) / 1000);

  let stop = false;
  let answers = 0;
  const watching = Array.from({ length: watchers }, async (_, i) => {
    const ticket = tickets[i % tickets.length]!;
    while (!stop) {
      const res = await fetch(`${server.url}/admin/v1/enrollment-tickets/${ticket.id}?after=${ticket.version}&waitSeconds=30`, {
        headers: { authorization: server.authorization },
      });
      await res.arrayBuffer();
      answers++;
    }
  });
  // Let every watch reach the server before measuring.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const from = server.cpuSeconds();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const share = (server.cpuSeconds() - from) / ((performance.now() - started) / 1000);
  console.log(
    `\nIdle watchers (${watchers} consoles on ${tickets.length} tickets, ${seconds} s): server CPU ${(share * 100).toFixed(1)} % of one core ` +
      `(idle server alone ${(idleShare * 100).toFixed(1)} %; target ≤ 5 %), ${answers} watches answered (at their 30 s end)`,
  );
  stop = true;
  await server.stop();
  await Promise.allSettled(watching);
} finally {
  await server.stop();
}
