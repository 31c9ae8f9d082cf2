/**
 * The two-person rule: a request that is not verified cannot disable MFA on one agent's word. The
 * agent escalates it with a justification; a different person with the admin role approves (MFA is
 * turned off, with both names in the audit log) or rejects it.
 */
import { randomUUID } from 'node:crypto';
import type { Agent, DisableVerdict, Escalation, EscalationDecision, NewEscalation, Page } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import type { AccountsTable, DisableRequestsTable, EscalationsTable } from '../../store/schema.js';
import { findAccountRow } from '../accounts/accounts.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { iso } from '../platform/clock.js';
import { runIdempotent } from '../platform/idempotency.js';
import { turnMfaOff, type DisableDeps } from './disableMfa.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { claimMessage } from './messageReuse.js';
import { deliverNotification } from '../mail/notifications.js';
import { conflict, DeskProblem, notFound } from '../platform/problems.js';
import { findDisableRequest, toDisableRequest } from './evidence.js';

/**
 * Escalations as the API shows them: reads the rows' account logins and cited requests (one query each)
 * and returns what turns one of those rows into its API shape.
 */
async function escalationShape(db: Db, deps: DisableDeps, rows: EscalationsTable[]): Promise<(row: EscalationsTable) => Escalation> {
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  const requestIds = rows.map((r) => r.requestId).filter((id): id is string => id !== null);
  const logins = new Map(
    accountIds.length
      ? (await db.selectFrom('accounts').select(['id', 'login']).where('id', 'in', accountIds).execute()).map((a) => [a.id, a.login])
      : [],
  );
  const requests = new Map(
    requestIds.length
      ? (await db.selectFrom('disableRequests').selectAll().where('id', 'in', requestIds).execute()).map((r) => [r.id, r])
      : [],
  );
  return (row) => {
    const request = row.requestId ? requests.get(row.requestId) : undefined;
    return {
      id: row.id,
      accountId: row.accountId,
      accountLogin: logins.get(row.accountId) ?? '',
      request: request ? toDisableRequest(request, deps.settings) : null,
      justification: row.justification,
      reason: row.reason,
      ticketRef: row.ticketRef,
      status: row.status,
      requestedBy: row.requestedByLabel,
      createdAt: row.createdAt,
      decidedBy: row.decidedByLabel,
      decidedAt: row.decidedAt,
      decisionNote: row.decisionNote,
    };
  };
}

const toEscalations = async (db: Db, deps: DisableDeps, rows: EscalationsTable[]) => rows.map(await escalationShape(db, deps, rows));

const toEscalation = async (db: Db, deps: DisableDeps, row: EscalationsTable) => (await escalationShape(db, deps, [row]))(row);

export async function escalateDisable(deps: DisableDeps, accountId: string, agent: Agent, body: NewEscalation): Promise<Escalation> {
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (tx) => {
    const account = await findAccountRow(tx, accountId);
    if (account.mfaState === 'off') throw conflict('mfa_already_off', `MFA is already off for ${account.login}.`, { login: account.login });
    if (body.requestId) {
      const request = await findDisableRequest(tx, accountId, body.requestId);
      if (request.verdict === 'verified' && !request.usedAt)
        throw conflict('request_is_verified', 'This request is verified: disable MFA directly, no escalation is needed.');
    }
    const pending = await tx
      .selectFrom('escalations')
      .select('id')
      .where('accountId', '=', accountId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw conflict('escalation_pending', 'An escalation for this account is already waiting for an admin.');
    const row: EscalationsTable = {
      id: randomUUID(),
      accountId,
      requestId: body.requestId ?? null,
      justification: body.justification,
      reason: body.reason,
      ticketRef: body.ticketRef,
      status: 'pending',
      requestedBy: agent.id,
      requestedByLabel: agent.email,
      createdAt: iso(now),
      decidedBy: null,
      decidedByLabel: null,
      decidedAt: null,
      decisionNote: null,
    };
    await tx.insertInto('escalations').values(row).execute();
    await appendAudit(
      tx,
      {
        ...agentActor(agent),
        action: 'mfa.disable.escalated',
        accountId,
        accountLogin: account.login,
        reason: body.reason,
        ticketRef: body.ticketRef,
        details: { escalationId: row.id, requestId: row.requestId, justification: body.justification },
      },
      now,
    );
    return row;
  });
  return toEscalation(deps.db, deps, row);
}

export async function listEscalations(
  deps: DisableDeps,
  query: { status?: Escalation['status'] | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<Escalation>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  let builder = deps.db.selectFrom('escalations').selectAll();
  if (query.status) builder = builder.where('status', '=', query.status);
  // (created, id) so two escalations in the same millisecond are neither skipped nor repeated.
  if (after)
    builder = builder.where((eb) =>
      eb.or([eb('createdAt', '<', after[0]), eb.and([eb('createdAt', '=', after[0]), eb('id', '<', after[1])])]),
    );
  const rows = await builder
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = await toEscalations(deps.db, deps, rows.slice(0, limit));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.createdAt, last.id) : null };
}

/** Requests sent from an address that is not the login: approving one means the admin typed the login, letter for letter. */
const SPOOF_VERDICTS: readonly string[] = ['lookalike', 'mismatch'] satisfies DisableVerdict[];

function requireTypedLogin(request: DisableRequestsTable, account: AccountsTable, body: EscalationDecision) {
  if (!SPOOF_VERDICTS.includes(request.verdict) || body.confirmLogin === account.login) return;
  throw new DeskProblem(
    422,
    'login_not_confirmed',
    `This request was not sent from the login address. To approve it anyway, type the login ${account.login} exactly (not the sender's address).`,
    { params: { login: account.login } },
  );
}

export async function decideEscalation(
  deps: DisableDeps,
  escalationId: string,
  admin: Agent,
  body: EscalationDecision,
  idempotencyKey: string,
): Promise<Escalation> {
  const now = deps.now();
  const { value } = await runIdempotent(
    deps.db,
    { agentId: admin.id, key: idempotencyKey, operation: `escalation.decide:${escalationId}`, body },
    now,
    async (tx) => {
      const row = await tx.selectFrom('escalations').selectAll().where('id', '=', escalationId).executeTakeFirst();
      if (!row) throw notFound('escalation');
      if (row.requestedBy === admin.id)
        throw new DeskProblem(403, 'two_person_rule', 'You raised this escalation yourself: a different admin must decide it.');
      const account = await findAccountRow(tx, row.accountId);
      if (body.approve && row.requestId) requireTypedLogin(await findDisableRequest(tx, row.accountId, row.requestId), account, body);
      const decided = await tx
        .updateTable('escalations')
        .set({
          status: body.approve ? 'approved' : 'rejected',
          decidedBy: admin.id,
          decidedByLabel: admin.email,
          decidedAt: iso(now),
          decisionNote: body.note,
        })
        .where('id', '=', escalationId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(decided.numUpdatedRows) !== 1) throw conflict('escalation_decided', 'This escalation was already decided.');
      const evidence = {
        escalationId,
        requestId: row.requestId,
        requestedBy: row.requestedByLabel,
        justification: row.justification,
        approvedBy: admin.email,
        note: body.note,
      };
      let outboxId: string | null = null;
      if (body.approve) {
        if (row.requestId) {
          await tx
            .updateTable('disableRequests')
            .set({ usedAt: iso(now) })
            .where('id', '=', row.requestId)
            .execute();
          // Two people decided, not the e-mail; still, the e-mail is spent and never backs a later disable. If it
          // already backed one, the admins saw that among its checks, and their decision stands.
          const request = await findDisableRequest(tx, row.accountId, row.requestId);
          await claimMessage(tx, request, { requestId: request.id, accountId: row.accountId, usedAt: iso(now) });
        }
        outboxId = (
          await turnMfaOff(
            tx,
            { account, agent: admin, action: 'mfa.disabled.by_escalation', reason: row.reason, ticketRef: row.ticketRef, evidence },
            now,
          )
        ).id;
      } else {
        await appendAudit(
          tx,
          {
            ...agentActor(admin),
            action: 'mfa.disable.escalation.rejected',
            accountId: account.id,
            accountLogin: account.login,
            reason: row.reason,
            ticketRef: row.ticketRef,
            details: evidence,
          },
          now,
        );
      }
      return {
        escalation: await toEscalation(
          tx,
          deps,
          await tx.selectFrom('escalations').selectAll().where('id', '=', escalationId).executeTakeFirstOrThrow(),
        ),
        outboxId,
      };
    },
  );
  if (value.outboxId) await deliverNotification(deps.db, deps.mailer, value.outboxId, deps.now);
  return value.escalation;
}
