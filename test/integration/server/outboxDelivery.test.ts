/**
 * The outbox across backend instances on one database: every instance's delivery runs at once, again
 * and again, and each e-mail reaches the (real) SMTP receiver exactly once. A refused e-mail is retried
 * with backoff and marked failed after the last attempt; an e-mail whose sender crashed mid-send goes
 * out again after the lease, with the same Message-ID.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliverNotification,
  deliverPendingNotifications,
  MAX_ATTEMPTS,
  queueNotification,
  retryDelaySeconds,
  createSmtpMailer,
} from '../../../src-server/domain/mail/notifications.js';
import { claimDueMail } from '../../../src-server/store/outboxClaims.js';
import type { Store } from '../../../src-server/store/openStore.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtpReceiver.js';

let backend: TestBackend | undefined;
let receiver: SmtpReceiver | undefined;
afterEach(async () => {
  await backend?.close();
  await receiver?.close();
  backend = undefined;
  receiver = undefined;
});

async function queue(b: TestBackend, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = await queueNotification(
      b.store.db,
      { accountId: null, to: `user${i}@corp.example`, subject: `Notice ${i}`, body: `Body ${i}` },
      b.clock.now(),
    );
    ids.push(row.id);
  }
  return ids;
}

const outboxRows = (b: TestBackend) => b.store.db.selectFrom('outbox').selectAll().execute();

describe.each([2, 3])('the outbox with %i instances on one database', (instanceCount) => {
  it('delivers each e-mail exactly once while every instance runs delivery at once, many times', async () => {
    receiver = await startSmtpReceiver();
    const b = (backend = await startBackend());
    const stores: Store[] = [b.store];
    for (let i = 1; i < instanceCount; i++) stores.push((await b.startInstance()).store);
    const ids = await queue(b, 24);
    const smtpUrl = receiver.url;
    const instances = stores.map((store) => ({ store, mailer: createSmtpMailer(smtpUrl, 'desk@corp.example', b.box) }));
    for (let round = 0; round < 8; round++) {
      await Promise.all(
        instances.flatMap(({ store, mailer }) => [
          // Two delivery workers per instance, each claiming small batches, so claims interleave.
          deliverPendingNotifications(store.db, mailer, () => b.clock.now(), 2),
          deliverPendingNotifications(store.db, mailer, () => b.clock.now(), 2),
          // The send right after an action races the workers too.
          ...ids.slice(round * 3, round * 3 + 3).map((id) => deliverNotification(store.db, mailer, id, () => b.clock.now())),
        ]),
      );
    }
    const perMessageId = new Map<string, number>();
    for (const { messageId } of receiver.messages) perMessageId.set(messageId ?? '', (perMessageId.get(messageId ?? '') ?? 0) + 1);
    const rows = await outboxRows(b);
    expect(receiver.messages).toHaveLength(24);
    expect([...perMessageId.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(perMessageId.keys())).toEqual(new Set(rows.map((row) => row.messageId)));
    expect(rows.every((row) => row.sentAt !== null && row.leaseOwner === null && row.attempts === 0)).toBe(true);
  });
});

describe('delivery that fails', () => {
  it('retries a refused e-mail with doubling backoff, then marks it failed and shows it so', async () => {
    receiver = await startSmtpReceiver(0, { refuse: 'Mailbox unavailable: no such user here' });
    const b = (backend = await startBackend());
    const second = await b.startInstance();
    const mailer = createSmtpMailer(receiver.url, 'desk@corp.example', b.box);
    const [id] = await queue(b, 1);
    const deliverEverywhere = () =>
      Promise.all([b.store, second.store].map((store) => deliverPendingNotifications(store.db, mailer, () => b.clock.now())));
    const row = () => b.store.db.selectFrom('outbox').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverEverywhere();
      expect(receiver.rcptAttempts).toHaveLength(attempt);
      const now = await row();
      expect(now.attempts).toBe(attempt);
      expect(now.error).toContain('Mailbox unavailable');
      if (attempt === MAX_ATTEMPTS) break;
      // Not before the delay has passed, however often the workers run.
      b.clock.advance(retryDelaySeconds(attempt) - 1);
      await deliverEverywhere();
      expect(receiver.rcptAttempts).toHaveLength(attempt);
      b.clock.advance(1);
    }
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1920, 3600]);
    const failed = await row();
    expect(failed.failedAt).not.toBeNull();
    expect(failed.sentAt).toBeNull();
    b.clock.advance(7 * 86400);
    await deliverEverywhere();
    expect(receiver.rcptAttempts).toHaveLength(MAX_ATTEMPTS);

    const admin = await b.agentHttp(await b.createAgent('agent'));
    const listed = await admin.get('/admin/v1/outbox');
    expect(listed.status).toBe(200);
    const shown = listed.data.items.find((mail: { id: string }) => mail.id === id);
    expect(shown).toMatchObject({ sentAt: null, attempts: MAX_ATTEMPTS, failedAt: failed.failedAt });
    expect(shown.error).toContain('Mailbox unavailable');
  });

  it('sends again after a crash mid-send only once the lease ran out, with the same Message-ID', async () => {
    receiver = await startSmtpReceiver();
    const b = (backend = await startBackend());
    const second = await b.startInstance();
    const mailer = createSmtpMailer(receiver.url, 'desk@corp.example', b.box);
    await queue(b, 1);
    // An instance claims the e-mail, sends it and dies before recording that it did.
    const now = b.clock.now();
    const [claimed] = await claimDueMail(
      b.store.db,
      { owner: 'crashed-instance', until: new Date(now.getTime() + 15 * 60_000).toISOString(), now: now.toISOString() },
      10,
    );
    await mailer.deliver(claimed!);
    expect(await deliverPendingNotifications(second.store.db, mailer, () => b.clock.now())).toBe(0);
    b.clock.advance(15 * 60 + 1);
    expect(await deliverPendingNotifications(second.store.db, mailer, () => b.clock.now())).toBe(1);
    expect(receiver.messages).toHaveLength(2);
    expect(receiver.messages[0]?.messageId).toBe(claimed?.messageId);
    expect(receiver.messages[1]?.messageId).toBe(claimed?.messageId);
  });
});

describe('the outbox list', () => {
  it('pages newest first with a cursor, e-mails of the same moment neither skipped nor repeated', async () => {
    const b = (backend = await startBackend());
    const ids = await queue(b, 5);
    const admin = await b.agentHttp(await b.createAgent('agent'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; data: { items: { id: string }[]; nextCursor: string | null } } = await admin.get('/admin/v1/outbox', {
        params: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      expect(page.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.items.map((mail) => mail.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect((await admin.get('/admin/v1/outbox', { params: { cursor: 'bm90LWEtY3Vyc29y' } })).status).toBe(400);
  });
});
