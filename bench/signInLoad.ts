/**
 * Sign-in under load (issue §3): the argon2 limit of this machine, then agents' searches alone, then the
 * same searches while end-user sign-ins are offered at 10× that limit (open loop, right passwords). The
 * server runs in its own process. Prints the search p99 beside the target (< 50 ms), the completed
 * sign-ins against the argon2 limit (target ≥ 90 %), and how the rest were answered.
 *   npx tsx bench/signInLoad.ts          (BENCH_ACCOUNTS, default 1,000,000; BENCH_LOAD_SECONDS, default 10)
 */
import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from '../src-server/domain/credentials/passwords.js';
import { GENERATED_PASSWORD } from './generateOrganisation.js';
import { percentilesOf, startServerUnderLoad } from './serverUnderLoad.js';

const count = Number(process.env['BENCH_ACCOUNTS'] ?? 1_000_000);
const seconds = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const SEARCHERS = 4;
const QUERIES = ['anna', 'schmidt', 'ben.', '@contoso.example', 'tanaka', 'chmidt', 'z', 'marco ross'];

/** Password checks per second with one check per core in flight: what argon2 allows here. */
async function argon2Limit(): Promise<number> {
  const hash = await hashPassword(GENERATED_PASSWORD);
  const cores = availableParallelism();
  let done = 0;
  const until = performance.now() + 3000;
  await Promise.all(
    Array.from({ length: cores }, async () => {
      while (performance.now() < until) {
        await verifyPassword(hash, GENERATED_PASSWORD);
        done++;
      }
    }),
  );
  return done / 3;
}

const server = await startServerUnderLoad(count);
try {
  const limit = await argon2Limit();
  console.log(`\nSign-in under load (${count} accounts, ${availableParallelism()} cores): argon2 limit ${limit.toFixed(1)} checks/s`);

  async function searchLoad(durationMs: number): Promise<number[]> {
    const times: number[] = [];
    const until = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: SEARCHERS }, async (_, s) => {
        for (let i = s; performance.now() < until; i += SEARCHERS) {
          const started = performance.now();
          const res = await fetch(`${server.url}/admin/v1/accounts?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`, {
            headers: { authorization: server.authorization },
          });
          await res.arrayBuffer();
          times.push(performance.now() - started);
        }
      }),
    );
    return times;
  }

  const alone = percentilesOf(await searchLoad(seconds * 1000));
  console.log(`  searches alone (${SEARCHERS} agents):            p50 ${alone.p50} ms  p99 ${alone.p99} ms`);

  const offeredPerSecond = Math.round(limit * 10);
  const tally = new Map<number, number>();
  const completedTimes: number[] = [];
  const refusedTimes: number[] = [];
  const signIns: Promise<void>[] = [];
  const tickMs = 20;
  const perTick = offeredPerSecond / (1000 / tickMs);
  let owed = 0;
  let n = 0;
  const offering = setInterval(() => {
    for (owed += perTick; owed >= 1; owed--) {
      const account = server.accounts[n++ % server.accounts.length]!;
      const started = performance.now();
      signIns.push(
        fetch(`${server.url}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: account.login, password: GENERATED_PASSWORD }),
        }).then(async (res) => {
          await res.arrayBuffer();
          tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
          (res.status === 200 ? completedTimes : refusedTimes).push(performance.now() - started);
        }),
      );
    }
  }, tickMs);
  const loaded = percentilesOf(await searchLoad(seconds * 1000));
  clearInterval(offering);
  await Promise.all(signIns);
  const completed = tally.get(200) ?? 0;
  const refused = tally.get(503) ?? 0;
  const others = [...tally].filter(([status]) => status !== 200 && status !== 503);
  console.log(
    `  searches with sign-ins offered at ${offeredPerSecond}/s: p50 ${loaded.p50} ms  p99 ${loaded.p99} ms   (target p99 < 50 ms)`,
  );
  console.log(
    `  sign-ins completed ${(completed / seconds).toFixed(1)}/s = ${((completed / seconds / limit) * 100).toFixed(0)} % of the argon2 limit (target ≥ 90 %), ` +
      `answer p50 ${percentilesOf(completedTimes).p50} ms`,
  );
  console.log(
    `  refused 503 at once: ${refused} (answer p50 ${percentilesOf(refusedTimes).p50} ms, p99 ${percentilesOf(refusedTimes).p99} ms)` +
      (others.length ? `; other answers ${others.map(([s, c]) => `${s}×${c}`).join(', ')}` : ''),
  );
} finally {
  await server.stop();
}
