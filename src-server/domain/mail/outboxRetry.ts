/**
 * Putting an e-mail whose delivery gave up back in the queue, at an agent's request (after the user's
 * address or the mail server was fixed). One conditional UPDATE does it, so two agents clicking at once
 * put it back once; it keeps its Message-ID, so the user's mail server and the logs recognise a retry.
 * Its attempts start again from zero (the usual backoff follows), and it is tried at once.
 * An e-mail that carried a re-enrolment link is not retried: its link may have been replaced or have
 * run out, and "Resend link" sends a fresh one.
 */
import type { Agent } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import type { OutboxTable } from '../../store/schema.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { deliverNotification, type Mailer } from './notifications.js';
import { DeskProblem } from '../platform/problems.js';

export async function retryFailedNotification(
  db: Db,
  mailer: Mailer | null,
  id: string,
  agent: Agent,
  now: () => Date,
): Promise<OutboxTable> {
  await db.transaction().execute(async (tx) => {
    const requeued = await tx
      .updateTable('outbox')
      .set({ failedAt: null, attempts: 0, nextAttemptAt: null, leaseOwner: null, leaseUntil: null })
      .where('id', '=', id)
      .where('failedAt', 'is not', null)
      .where('sentAt', 'is', null)
      .where('withdrawnAt', 'is', null)
      .where('sealedBody', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!requeued) throw await whyNotRetried(tx, id);
    const account = requeued.accountId
      ? await tx.selectFrom('accounts').select('login').where('id', '=', requeued.accountId).executeTakeFirst()
      : undefined;
    await appendAudit(
      tx,
      {
        ...agentActor(agent),
        action: 'outbox.retried',
        accountId: requeued.accountId,
        accountLogin: account?.login ?? null,
        details: { emailId: requeued.id, messageId: requeued.messageId, subject: requeued.subject, lastError: requeued.error },
      },
      now(),
    );
  });
  return deliverNotification(db, mailer, id, now);
}

async function whyNotRetried(db: Db, id: string): Promise<DeskProblem> {
  const mail = await db.selectFrom('outbox').select(['failedAt', 'sealedBody', 'withdrawnAt']).where('id', '=', id).executeTakeFirst();
  if (!mail) return new DeskProblem(404, 'email_not_found', 'There is no such e-mail.');
  if (mail.failedAt !== null && (mail.sealedBody !== null || mail.withdrawnAt !== null))
    return new DeskProblem(
      409,
      'link_email_not_retried',
      'This e-mail carried a re-enrolment link, which is not sent again: use "Resend link" on the re-enrolment to send a fresh one.',
    );
  return new DeskProblem(
    409,
    'not_failed',
    'Only an e-mail whose delivery gave up can be sent again; this one is sent or still being tried.',
  );
}
