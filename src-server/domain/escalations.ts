/**
 * The two-person rule: a request that is not verified cannot disable MFA on one agent's word. The
 * agent escalates it with a justification; a different person with the admin role approves (MFA is
 * turned off, with both names in the audit log) or rejects it.
 */
import { randomUUID } from 'node:crypto';
import type { Agent, Escalation, EscalationDecision, NewEscalation, Page } from '../../src-shared/api.js';
import type { Db } from '../store/openStore.js';
import type { EscalationsTable } from '../store/schema.js';
import { findAccountRow } from './accounts.js';
import { appendAudit } from './audit.js';
import { iso } from './clock.js';
import { runIdempotent } from './idempotency.js';
import { turnMfaOff, type DisableDeps } from './mfaDisable.js';
import { deliverNotification } from './notifications.js';
import { conflict, DeskProblem, notFound } from './problems.js';
import { findDisableRequest, toDisableRequest } from './supportEvidence.js';

async function toEscalation(db: Db, deps: DisableDeps, row: EscalationsTable): Promise<Escalation> {
  const account = await db.selectFrom('accounts').select('login').where('id', '=', row.accountId).executeTakeFirstOrThrow();
  const request = row.requestId ? toDisableRequest(await findDisableRequest(db, row.accountId, row.requestId), deps.settings) : null;
  return {
    id: row.id,
    accountId: row.accountId,
    accountLogin: account.login,
    request,
    justification: row.justification,
    reason: row.reason,
    ticketRef: row.ticketRef,
    status: row.status as Escalation['status'],
    requestedBy: row.requestedByLabel,
    createdAt: row.createdAt,
    decidedBy: row.decidedByLabel,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
  };
}

export async function escalateDisable(deps: DisableDeps, accountId: string, agent: Agent, body: NewEscalation): Promise<Escalation> {
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (tx) => {
    const account = await findAccountRow(tx, accountId);
    if (account.mfaState === 'off') throw conflict('mfa_already_off', `MFA is already off for ${account.login}.`);
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
        actorType: 'agent',
        actorId: agent.id,
        actorLabel: agent.email,
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
  let builder = deps.db.selectFrom('escalations').selectAll();
  if (query.status) builder = builder.where('status', '=', query.status);
  if (query.cursor) builder = builder.where('createdAt', '<', Buffer.from(query.cursor, 'base64url').toString('utf8'));
  const rows = await builder
    .orderBy('createdAt', 'desc')
    .limit(limit + 1)
    .execute();
  const items = await Promise.all(rows.slice(0, limit).map((r) => toEscalation(deps.db, deps, r)));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? Buffer.from(last.createdAt).toString('base64url') : null };
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
      const account = await findAccountRow(tx, row.accountId);
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
        if (row.requestId)
          await tx
            .updateTable('disableRequests')
            .set({ usedAt: iso(now) })
            .where('id', '=', row.requestId)
            .execute();
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
            actorType: 'agent',
            actorId: admin.id,
            actorLabel: admin.email,
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
