/**
 * Sending a failed e-mail again from the console: an e-mail the (real) SMTP receiver refused until
 * delivery gave up is put back in the queue by an agent once the mailbox works, and goes out with the
 * same Message-ID; the retry is audited, happens once however often it is asked for, and is refused
 * for what is not failed, for a link e-mail, and for a role that may not.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSmtpMailer,
  deliverPendingNotifications,
  MAX_ATTEMPTS,
  queueNotification,
  retryDelaySeconds,
} from '../../../src-server/domain/mail/notifications.js';
import { createSecretBox } from '../../../src-server/domain/credentials/secretBox.js';
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

/** A backend whose mailer points at a receiver that refuses every recipient, and an e-mail that failed there. */
async function failedEmail() {
  receiver = await startSmtpReceiver(0, { refuse: 'Mailbox unavailable: no such user here' });
  const port = Number(new URL(receiver.url).port);
  const smtpUrl = receiver.url;
  // The backend's own mailer (these notices hold no sealed link, so its box key does not matter).
  const mailer = createSmtpMailer(smtpUrl, 'desk@corp.example', createSecretBox(randomBytes(32)));
  const b = (backend = await startBackend({ mailer }));
  const mail = await queueNotification(
    b.store.db,
    { accountId: null, to: 'someone@corp.example', subject: 'Your MFA was reset', body: 'Hello' },
    b.clock.now(),
  );
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await deliverPendingNotifications(b.store.db, mailer, () => b.clock.now());
    if (attempt < MAX_ATTEMPTS) b.clock.advance(retryDelaySeconds(attempt));
  }
  const row = await b.store.db.selectFrom('outbox').selectAll().where('id', '=', mail.id).executeTakeFirstOrThrow();
  expect(row.failedAt).not.toBeNull();
  return { b, mail, port };
}

describe('sending a failed e-mail again', () => {
  it('puts it back in the queue once, sends it with the same Message-ID, and audits who did', async () => {
    const { b, mail, port } = await failedEmail();
    // The mailbox is fixed: the same address now accepts. The backend sends through its configured mailer.
    await receiver!.close();
    receiver = await startSmtpReceiver(port);
    const agentLogin = await b.createAgent('agent');
    const agent = await b.agentHttp(agentLogin);
    // Two clicks at once: one retry.
    const [first, second] = await Promise.all([
      agent.post(`/admin/v1/outbox/${mail.id}/retry`, {}),
      agent.post(`/admin/v1/outbox/${mail.id}/retry`, {}),
    ]);
    expect([first!.status, second!.status].sort()).toEqual([200, 409]);
    const answered = first!.status === 200 ? first! : second!;
    // Tried at once, and sent.
    expect(answered.data).toMatchObject({ id: mail.id, failedAt: null, attempts: 0, error: null });
    expect(answered.data.sentAt).not.toBeNull();
    expect(receiver.messages).toHaveLength(1);
    expect(receiver.messages[0]?.messageId).toBe(mail.messageId);
    const listed = await agent.get('/admin/v1/outbox');
    expect(listed.data.items.find((m: { id: string }) => m.id === mail.id)).toMatchObject({ failedAt: null });
    expect(listed.data.items.find((m: { id: string }) => m.id === mail.id).sentAt).not.toBeNull();

    const events = await b.store.db.selectFrom('auditEvents').selectAll().where('action', '=', 'outbox.retried').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorLabel: agentLogin.email });
    expect(JSON.parse(events[0]!.details)).toMatchObject({
      emailId: mail.id,
      messageId: mail.messageId,
      lastError: expect.stringContaining('Mailbox unavailable'),
    });

    // Sent now: there is nothing to retry.
    const again = await agent.post(`/admin/v1/outbox/${mail.id}/retry`, {});
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('not_failed');
  });

  it('refuses an auditor, an unknown e-mail and a link e-mail, and changes nothing', async () => {
    const { b, mail } = await failedEmail();
    const auditor = await b.agentHttp(await b.createAgent('auditor'));
    expect((await auditor.post(`/admin/v1/outbox/${mail.id}/retry`, {})).status).toBe(403);
    const admin = await b.agentHttp(await b.createAgent('admin'));
    const unknown = await admin.post(`/admin/v1/outbox/${randomUUID()}/retry`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    // A failed e-mail that carried a live link.
    await b.store.db.updateTable('outbox').set({ sealedBody: 'v1:sealed' }).where('id', '=', mail.id).execute();
    const link = await admin.post(`/admin/v1/outbox/${mail.id}/retry`, {});
    expect(link.status).toBe(409);
    expect(link.data.code).toBe('link_email_not_retried');
    const row = await b.store.db.selectFrom('outbox').selectAll().where('id', '=', mail.id).executeTakeFirstOrThrow();
    expect(row.failedAt).not.toBeNull();
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(await b.store.db.selectFrom('auditEvents').select('seq').where('action', '=', 'outbox.retried').execute()).toHaveLength(0);
  });
});
