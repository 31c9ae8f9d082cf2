/**
 * One message from a mailbox, recorded once. Its key (mailbox, UIDVALIDITY, UID) is inserted first as
 * `processing`: whoever inserts it owns the work, and a message found still `processing` (a crash
 * mid-message) is worked again. The check's evidence and the item's outcome commit in one transaction
 * (checkRequestMessage's `alongWith`), so a crash keeps both or neither: nothing is lost, nothing doubled.
 * Only then is the message moved out of the mailbox (mailboxReader.ts).
 */
import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/limits.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable, IncomingRequestsTable } from '../../store/schema.js';
import { normaliseAddress } from '../disable/request/address.js';
import { NotAMessageError } from '../disable/request/index.js';
import { checkRequestMessage, type EvidenceSettings, type RequestChecker } from '../disable/evidence.js';
import { senderSkeletons } from '../accounts/loginSkeleton.js';
import { DeskProblem } from '../platform/problems.js';
import { iso } from '../platform/clock.js';
import { classifyIncoming, ticketRefOf, type IncomingHeaders } from './classify.js';

/** The checker named on every request the intake checks: the backend itself, not an agent. */
export const MAILBOX_INTAKE: RequestChecker = { actorType: 'system', id: 'mailbox-intake', label: 'mailbox intake' };

export interface IntakeDeps {
  db: Db;
  evidence: EvidenceSettings;
  ticketPattern: RegExp;
  now: () => Date;
}

export interface FetchedMessage {
  mailbox: string;
  uidValidity: string;
  uid: number;
  /** null when the message is over the upload limit: it is set aside unread. */
  raw: Buffer | null;
  receivedAt: Date;
}

/** The account a sender is (its login) or imitates (same skeleton); one index lookup each. */
export async function matchSender(db: Db, address: string): Promise<{ account: AccountsTable; kind: 'exact' | 'lookalike' } | null> {
  const normalised = normaliseAddress(address);
  if (normalised) {
    const exact = await db
      .selectFrom('accounts')
      .selectAll()
      .where('loginNorm', '=', `${normalised.local}@${normalised.domainAscii}`)
      .executeTakeFirst();
    if (exact) return { account: exact, kind: 'exact' };
  }
  const lookalike = await db
    .selectFrom('accounts')
    .selectAll()
    .where('loginSkeleton', 'in', senderSkeletons(address))
    .orderBy('loginNorm')
    .limit(1)
    .executeTakeFirst();
  return lookalike ? { account: lookalike, kind: 'lookalike' } : null;
}

const described = (headers: IncomingHeaders) => ({
  fromAddress: headers.from?.address.slice(0, 320) ?? null,
  fromName: headers.from?.name.slice(0, 200) ?? null,
  subject: headers.subject?.slice(0, 500) ?? null,
  messageId: headers.messageId?.slice(0, 500) ?? null,
  referencesHeader: headers.references?.slice(0, 2000) ?? null,
});

/** Finishes an item still `processing`; false when another instance finished it first. */
async function finish(db: Db, id: string, outcome: Partial<IncomingRequestsTable>): Promise<boolean> {
  const done = await db
    .updateTable('incomingRequests')
    .set(outcome)
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

class AlreadyFinished extends Error {}

/**
 * Records a message unless it was recorded before. Returns the item's status; throws only when the
 * work must be tried again (a worker broke, the database went away), leaving the item `processing`.
 */
export async function recordMessage(deps: IntakeDeps, message: FetchedMessage): Promise<IncomingRequestsTable['status']> {
  const now = deps.now();
  await deps.db
    .insertInto('incomingRequests')
    .values({
      id: randomUUID(),
      mailbox: message.mailbox,
      uidValidity: message.uidValidity,
      uid: message.uid,
      status: 'processing',
      setAsideReason: null,
      fromAddress: null,
      fromName: null,
      subject: null,
      messageId: null,
      referencesHeader: null,
      receivedAt: iso(message.receivedAt),
      createdAt: iso(now),
      accountId: null,
      matchKind: null,
      requestId: null,
      verdict: null,
      ticketRef: null,
      claimedBy: null,
      claimedByLabel: null,
      claimUntil: null,
      doneAt: null,
      doneByLabel: null,
    })
    .onConflict((oc) => oc.columns(['mailbox', 'uidValidity', 'uid']).doNothing())
    .execute();
  const item = await deps.db
    .selectFrom('incomingRequests')
    .selectAll()
    .where('mailbox', '=', message.mailbox)
    .where('uidValidity', '=', message.uidValidity)
    .where('uid', '=', message.uid)
    .executeTakeFirstOrThrow();
  if (item.status !== 'processing') return item.status;

  if (message.raw === null || message.raw.length > MAX_MESSAGE_BYTES) {
    await finish(deps.db, item.id, { status: 'set_aside', setAsideReason: 'message_too_large' });
    return 'set_aside';
  }
  const classified = classifyIncoming(message.raw);
  const about = { ...described(classified.headers), ticketRef: ticketRefOf(classified.headers.subject, deps.ticketPattern) };
  if (classified.kind === 'set_aside') {
    await finish(deps.db, item.id, { ...about, status: 'set_aside', setAsideReason: classified.reason });
    return 'set_aside';
  }
  const match = classified.headers.from ? await matchSender(deps.db, classified.headers.from.address) : null;
  if (!match) {
    await finish(deps.db, item.id, { ...about, status: 'unmatched' });
    return 'unmatched';
  }
  try {
    await checkRequestMessage(deps.db, deps.evidence, match.account, message.raw, MAILBOX_INTAKE, now, async (tx, request) => {
      const recorded = await finish(tx, item.id, {
        ...about,
        status: 'open',
        accountId: match.account.id,
        matchKind: match.kind,
        requestId: request.id,
        verdict: request.verdict,
      });
      if (!recorded) throw new AlreadyFinished();
    });
    return 'open';
  } catch (error) {
    if (error instanceof AlreadyFinished) return 'open';
    // What an upload would be refused for (not a message, too complex, over the time budget) is set aside with that reason.
    if (error instanceof NotAMessageError || (error instanceof DeskProblem && error.status === 422)) {
      await finish(deps.db, item.id, {
        ...about,
        status: 'set_aside',
        setAsideReason: error.code,
        accountId: match.account.id,
        matchKind: match.kind,
      });
      return 'set_aside';
    }
    throw error;
  }
}
