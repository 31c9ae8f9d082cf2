/**
 * The Incoming queue: requests read from the support mailboxes, oldest first. An agent claims an item
 * before working it (one atomic update: of two agents claiming at once exactly one wins; a claim runs
 * out after CLAIM_MINUTES), may reply to the sender in the same thread from a template, and disables
 * MFA with the existing `mfa.disable` citing the item's checked request, which marks the item done.
 */
import type { Agent, Page } from '../../../src-shared/api.js';
import type { Incoming, IncomingCount, IncomingDetail, IncomingStatusName, ReplyTemplate } from '../../../src-shared/intakeApi.js';
import type { Notification } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import type { IncomingRequestsTable } from '../../store/schema.js';
import { getAccount } from '../accounts/accounts.js';
import { findDisableRequest, toDisableRequest, type EvidenceSettings } from '../disable/evidence.js';
import { deliverNotification, queueNotification, toNotification, type Mailer } from '../mail/notifications.js';
import { addSeconds, iso } from '../platform/clock.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { runIdempotent } from '../platform/idempotency.js';
import { conflict, DeskProblem, notFound } from '../platform/problems.js';
import { replyText } from './replyTemplates.js';

export const CLAIM_MINUTES = 15;
const WAITING: IncomingStatusName[] = ['open', 'unmatched'];

const claimedBy = (label: string | null) =>
  label === null
    ? conflict('incoming_claimed', 'Another agent is working on this request.')
    : conflict('incoming_claimed', `${label} is working on this request.`, { agent: label });

export interface IncomingDeps {
  db: Db;
  evidence: EvidenceSettings;
  mailer: Mailer | null;
  /** The address replies come from: the first support address. */
  supportAddress: string | null;
  now: () => Date;
}

type Row = IncomingRequestsTable & { accountLogin: string | null };

function toIncoming(row: Row, now: Date): Incoming {
  const claimed = row.claimUntil !== null && row.claimUntil > iso(now);
  return {
    id: row.id,
    mailbox: row.mailbox,
    status: row.status,
    setAsideReason: row.setAsideReason,
    from: row.fromAddress ? { address: row.fromAddress, name: row.fromName ?? '' } : null,
    subject: row.subject,
    receivedAt: row.receivedAt,
    accountId: row.accountId,
    accountLogin: row.accountLogin,
    match: row.matchKind,
    requestId: row.requestId,
    verdict: row.verdict,
    ticketRef: row.ticketRef,
    claimedBy: claimed ? row.claimedByLabel : null,
    claimUntil: claimed ? row.claimUntil : null,
    doneAt: row.doneAt,
  };
}

const withLogin = (db: Db) =>
  db
    .selectFrom('incomingRequests')
    .leftJoin('accounts', 'accounts.id', 'incomingRequests.accountId')
    .selectAll('incomingRequests')
    .select('accounts.login as accountLogin');

async function findRow(db: Db, id: string): Promise<Row> {
  const row = await withLogin(db).where('incomingRequests.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('incoming_request');
  return row;
}

/** Items oldest first (the queue's order), by status (default: those waiting for an agent); `(receivedAt, id)` keys the cursor. */
export async function listIncoming(
  deps: IncomingDeps,
  query: { status?: IncomingStatusName | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<Incoming>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  let builder = withLogin(deps.db).where('incomingRequests.status', 'in', query.status ? [query.status] : WAITING);
  if (after) {
    const [receivedAt, id] = after;
    builder = builder.where((eb) =>
      eb.or([
        eb('incomingRequests.receivedAt', '>', receivedAt),
        eb.and([eb('incomingRequests.receivedAt', '=', receivedAt), eb('incomingRequests.id', '>', id)]),
      ]),
    );
  }
  const rows = await builder
    .orderBy('incomingRequests.receivedAt')
    .orderBy('incomingRequests.id')
    .limit(limit + 1)
    .execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  const now = deps.now();
  return {
    items: rows.slice(0, limit).map((row) => toIncoming(row, now)),
    nextCursor: last ? encodeCursor(last.receivedAt, last.id) : null,
  };
}

export async function countIncoming(deps: Pick<IncomingDeps, 'db' | 'now'>): Promise<IncomingCount> {
  const now = iso(deps.now());
  const row = await deps.db
    .selectFrom('incomingRequests')
    .select((eb) => {
      const live = eb.and([eb('claimedBy', 'is not', null), eb('claimUntil', '>', now)]);
      return [
        eb.fn.countAll<string | number>().as('open'),
        eb.fn.min<string | null>('receivedAt').as('oldest'),
        eb.fn.count<string | number>(eb.case().when(live).then(1).end()).as('claimed'),
        eb.fn.max<string | null>(eb.case().when(live).then(eb.ref('claimUntil')).end()).as('latestClaimUntil'),
      ];
    })
    .where('status', 'in', WAITING)
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), oldestOpenAt: row.oldest, claimed: Number(row.claimed), latestClaimUntil: row.latestClaimUntil };
}

export async function getIncoming(deps: IncomingDeps, id: string): Promise<IncomingDetail> {
  const row = await findRow(deps.db, id);
  const now = deps.now();
  const request =
    row.requestId && row.accountId
      ? toDisableRequest(await findDisableRequest(deps.db, row.accountId, row.requestId), deps.evidence)
      : null;
  const account = row.accountId ? await getAccount(deps.db, row.accountId, now) : null;
  return { item: toIncoming(row, now), request, account };
}

/** Claims an item for `agent` (or extends their own claim); 409 when another agent holds it or it is not waiting. */
export async function claimIncoming(deps: IncomingDeps, id: string, agent: Agent): Promise<Incoming> {
  const now = deps.now();
  const claimed = await deps.db
    .updateTable('incomingRequests')
    .set({ claimedBy: agent.id, claimedByLabel: agent.email, claimUntil: iso(addSeconds(now, CLAIM_MINUTES * 60)) })
    .where('id', '=', id)
    .where('status', 'in', WAITING)
    .where((eb) => eb.or([eb('claimedBy', 'is', null), eb('claimedBy', '=', agent.id), eb('claimUntil', '<=', iso(now))]))
    .executeTakeFirst();
  const row = await findRow(deps.db, id);
  if (Number(claimed.numUpdatedRows) !== 1) {
    if (!WAITING.includes(row.status))
      throw conflict('incoming_not_open', `This request is ${row.status.replace('_', ' ')}; there is nothing to claim.`);
    throw claimedBy(row.claimedByLabel);
  }
  return toIncoming(row, now);
}

/** Gives up the caller's claim; 409 when the caller does not hold it. */
export async function releaseIncoming(deps: IncomingDeps, id: string, agent: Agent): Promise<Incoming> {
  const now = deps.now();
  const released = await deps.db
    .updateTable('incomingRequests')
    .set({ claimedBy: null, claimedByLabel: null, claimUntil: null })
    .where('id', '=', id)
    .where('claimedBy', '=', agent.id)
    .executeTakeFirst();
  const row = await findRow(deps.db, id);
  if (Number(released.numUpdatedRows) !== 1) throw conflict('incoming_not_claimed', 'You do not hold this request.');
  return toIncoming(row, now);
}

/** Throws unless `agent` holds a live claim on the item. */
function requireClaim(row: IncomingRequestsTable, agent: Agent, now: Date): void {
  if (row.claimedBy !== agent.id || row.claimUntil === null || row.claimUntil <= iso(now))
    throw conflict('incoming_not_claimed', 'Claim this request before answering it, so no other agent works it at the same time.');
}

/**
 * Replies from the support address in the request's thread (In-Reply-To, References). It goes to the
 * account's login when the item was matched (a look-alike sender is never written to), else to the
 * sender; queued in the outbox, so it is sent once and retried like every e-mail. Under one
 * Idempotency-Key the reply is queued once: a double click or a retry gets the same e-mail back.
 */
export async function replyToIncoming(
  deps: IncomingDeps,
  id: string,
  agent: Agent,
  template: ReplyTemplate,
  idempotencyKey: string,
): Promise<Notification> {
  const now = deps.now();
  const from = deps.supportAddress;
  if (!from) throw new DeskProblem(422, 'no_support_address', 'Set MFA_DESK_SUPPORT_ADDRESSES: replies come from the support address.');
  const { value: outboxId } = await runIdempotent(
    deps.db,
    { agentId: agent.id, key: idempotencyKey, operation: `incoming.reply:${id}`, body: { template } },
    now,
    async (tx) => {
      const row = await findRow(tx, id);
      requireClaim(row, agent, now);
      const to = row.accountLogin ?? row.fromAddress;
      if (!to) throw new DeskProblem(422, 'no_reply_address', 'This message has no sender to answer.');
      // In the matched account's language; a sender that matched no account is answered in English.
      const account = row.accountId
        ? await tx.selectFrom('accounts').select('locale').where('id', '=', row.accountId).executeTakeFirst()
        : undefined;
      const text = replyText(template, { subject: row.subject, ticketRef: row.ticketRef }, account?.locale);
      const references = [row.referencesHeader, row.messageId].filter((part): part is string => !!part).join(' ') || null;
      const queued = await queueNotification(
        tx,
        { accountId: row.accountId, to, ...text, thread: { from, inReplyTo: row.messageId, references } },
        now,
      );
      return queued.id;
    },
  );
  // A replay finds the e-mail already claimed or sent, and only reads it.
  return toNotification(await deliverNotification(deps.db, deps.mailer, outboxId, deps.now));
}

/**
 * Inside a disable's transaction: the incoming item whose request backs it is done — unless another
 * agent holds it, which refuses the disable (two agents never work one item).
 */
export async function markIncomingDone(tx: Db, requestId: string, agent: Agent, now: Date): Promise<void> {
  // One conditional update, so a claim landing meanwhile (another instance, PostgreSQL's read committed)
  // is never overwritten: either the item is free or the caller's, or nothing changes.
  const done = await tx
    .updateTable('incomingRequests')
    .set({ status: 'done', doneAt: iso(now), doneByLabel: agent.email, claimedBy: null, claimedByLabel: null, claimUntil: null })
    .where('requestId', '=', requestId)
    .where((eb) => eb.or([eb('claimedBy', 'is', null), eb('claimedBy', '=', agent.id), eb('claimUntil', '<=', iso(now))]))
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) > 0) return;
  const held = await tx.selectFrom('incomingRequests').select('claimedByLabel').where('requestId', '=', requestId).executeTakeFirst();
  // No item behind this request (it was uploaded, not read from a mailbox): nothing to mark.
  if (held) throw claimedBy(held.claimedByLabel);
}
