/**
 * The audit chain under concurrency: an audited change records its event unchained in its own
 * transaction, and a short chaining step links committed events into the chain before the request is
 * answered. Concurrent audited writes (over three instances under npm run test:scaleout) still make one
 * exact chain, and an open business transaction holds no lock that other audited writes wait for.
 */
import type { AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src-server/domain/audit/chain.js';
import { chainPendingAudit } from '../../../src-server/domain/audit/chaining.js';
import { runHousekeeping } from '../../../src-server/domain/platform/housekeeping.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { createUser, USER_PASSWORD, type TestUser } from '../../support/users.js';

let backend: TestBackend;
let admin: AxiosInstance;
const users: TestUser[] = [];

beforeAll(async () => {
  backend = await startBackend();
  admin = await backend.agentHttp(await backend.createAgent('admin'));
  for (let i = 0; i < 12; i++) users.push(await createUser(backend, admin, `chain.user${i}@corp.example`, { mfa: false }));
});
afterAll(() => backend.close());

const countOf = async (table: 'auditEvents' | 'auditPending') =>
  Number(
    (
      await backend.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const signIn = (user: TestUser) => backend.http.post('/v1/auth/login', { email: user.login, password: USER_PASSWORD });

async function verified() {
  const answer = await admin.get('/admin/v1/audit/verify');
  expect(answer.status).toBe(200);
  return answer.data as { intact: boolean; checked: number };
}

describe('the audit chain under concurrency', () => {
  it('chains every event of concurrent audited writes once, in one unbroken chain, before answering', async () => {
    const before = await countOf('auditEvents');
    // Twelve users at once, three times: concurrent on the chain, one claim at a time on each throttle.
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(users.map(signIn));
      expect(answers.map((a) => a.status)).toEqual(users.map(() => 200));
    }
    // Every acknowledged sign-in's event is in the chain already: none waits, none is twice.
    expect(await countOf('auditPending')).toBe(0);
    expect(await countOf('auditEvents')).toBe(before + 36);
    const seqs = (await backend.store.db.selectFrom('auditEvents').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(await verified()).toEqual(expect.objectContaining({ intact: true, checked: before + 36 }));
  });

  it.runIf(process.env['MFA_DESK_TEST_POSTGRES_URL'])(
    'an open audited transaction holds no lock that other audited writes wait for (PostgreSQL)',
    async () => {
      let finish = () => {};
      const held = new Promise<void>((resolve) => (finish = resolve));
      let recorded = () => {};
      const inside = new Promise<void>((resolve) => (recorded = resolve));
      const slow = backend.store.db.transaction().execute(async (tx) => {
        await appendAudit(
          tx,
          { actorType: 'system', actorId: null, actorLabel: 'slow change', action: 'account.imported' },
          backend.clock.now(),
        );
        recorded();
        await held;
      });
      await inside;
      // While that transaction is open, another audited write commits and is chained.
      const user = users[0]!;
      expect((await signIn(user)).status).toBe(200);
      const newest = await backend.store.db
        .selectFrom('auditEvents')
        .select(['action', 'actorLabel'])
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      expect(newest).toEqual({ action: 'user.login.succeeded', actorLabel: user.login });
      finish();
      await slow;
      expect(await chainPendingAudit(backend.store.db)).toEqual(['account.imported']);
      expect((await verified()).intact).toBe(true);
    },
  );

  it('links the events an instance left unchained at the next housekeeping, and the chain verifies', async () => {
    // What an instance leaves when it stops between committing a change and chaining its event.
    await appendAudit(
      backend.store.db,
      { actorType: 'system', actorId: null, actorLabel: 'stopped instance', action: 'account.imported' },
      backend.clock.now(),
    );
    expect(await countOf('auditPending')).toBe(1);
    const result = await runHousekeeping({
      db: backend.store.db,
      mailer: null,
      now: () => backend.clock.now(),
      auditDetailsRetentionDays: 0,
    });
    expect(result.auditEventsChained).toBe(1);
    expect(await countOf('auditPending')).toBe(0);
    const newest = await backend.store.db.selectFrom('auditEvents').select('actorLabel').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(newest.actorLabel).toBe('stopped instance');
    expect((await verified()).intact).toBe(true);
  });
});
