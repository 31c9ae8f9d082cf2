/**
 * Code verifications per second under the durability model (src-server/store/commitDurability.ts):
 * end users, each with a pending sign-in at the code step, send their current code, many at once,
 * through the domain's `userMfa` on the real store (SQLite in its worker threads, or PostgreSQL when
 * MFA_DESK_DATABASE_URL is set: use an empty database). Each verification reads the session, account
 * and factor, claims its attempt (a cheap commit), checks the code and, in one cheap transaction,
 * records the step, clears the counter, audits and opens the session. Beside it: what one flushed
 * commit and one cheap commit cost on this disk, one at a time.
 *   npx tsx bench/codeVerification.ts        (BENCH_CODE_USERS, default 5,000; BENCH_IN_FLIGHT, default 32)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src-server/config.js';
import { createSecretBox } from '../src-server/domain/credentials/secretBox.js';
import { issueSession } from '../src-server/domain/credentials/sessions.js';
import { totpCodeAt } from '../src-server/domain/credentials/totp.js';
import { userMfa } from '../src-server/domain/users/signIn.js';
import { withCheapCommit } from '../src-server/store/commitDurability.js';
import { openStore } from '../src-server/store/openStore.js';
import { generateOrganisation } from './generateOrganisation.js';
import { quantile, timings } from './timing.js';

const users = Number(process.env['BENCH_CODE_USERS'] ?? 5_000);
const inFlight = Number(process.env['BENCH_IN_FLIGHT'] ?? 32);

export async function measureCodeVerification(log: (line: string) => void = console.log) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-bench-codes-'));
  try {
    const config = loadConfig({ data: dataDir }, process.env);
    // About 70 % of generated accounts have an active factor and are not locked.
    await generateOrganisation(dataDir, Math.ceil(users / 0.6));
    const store = await openStore(config);
    const box = createSecretBox(config.encryptionKey);
    const now = new Date();
    const factors = await store.db
      .selectFrom('totpFactors')
      .innerJoin('accounts', 'accounts.id', 'totpFactors.accountId')
      .select(['totpFactors.id', 'totpFactors.accountId', 'totpFactors.secretEnc'])
      .where('totpFactors.status', '=', 'active')
      .where('accounts.lockedUntil', 'is', null)
      .limit(users)
      .execute();
    const signIns: { token: string; code: string }[] = [];
    for (const factor of factors) {
      const session = await issueSession(store.db, 'user', factor.accountId, 'mfa', now);
      signIns.push({ token: session.token, code: totpCodeAt(box.open(factor.secretEnc, factor.id), now) });
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < signIns.length; i = next++) {
          const signIn = signIns[i]!;
          const result = await userMfa(store.db, box, signIn.token, signIn.code, now, '127.0.0.1');
          if (result.status !== 'signed_in') throw new Error('a code was not accepted');
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    log(
      `Code verifications on ${store.dialect}: ${Math.round(signIns.length / seconds)}/s (${signIns.length} users, ${inFlight} in flight; target ≥ 1,000/s)`,
    );
    const lease = (i: number, kind: string) => ({ job: `bench-${kind}-${i}`, owner: 'bench', leaseUntil: now.toISOString() });
    const flushed = await timings((i) => store.db.insertInto('jobLeases').values(lease(i, 'flushed')).execute(), 200);
    const cheap = await timings(
      (i) => withCheapCommit(store.db, (tx) => tx.insertInto('jobLeases').values(lease(i, 'cheap')).execute()),
      200,
    );
    log(
      `  one commit at a time, p50 / p95: flushed ${quantile(flushed, 0.5)} / ${quantile(flushed, 0.95)} ms, cheap ${quantile(cheap, 0.5)} / ${quantile(cheap, 0.95)} ms`,
    );
    await store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await measureCodeVerification();
