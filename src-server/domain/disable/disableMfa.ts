/**
 * Turning a user's MFA off. Only two paths lead here, both decided by the server: a verified request
 * from the login address (one agent), or an escalation approved by a different admin (two people).
 * Either way the factors are revoked, the user's sessions end, the audit log gets the evidence and the
 * user is e-mailed at the login address.
 */
import type { Agent, DisableMfa, DisableRequest, MfaDisabled } from '../../../src-shared/api.js';
import type { AuditAction } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import { decodeWarnings } from '../../store/jsonColumns.js';
import type { AccountsTable, DisableRequestsTable, OutboxTable } from '../../store/schema.js';
import { findAccountRow, getAccount } from '../accounts/accounts.js';
import { afterSuccess } from '../credentials/attemptThrottle.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { addSeconds, iso } from '../platform/clock.js';
import { runIdempotent } from '../platform/idempotency.js';
import { claimMessage, findEarlierUse } from './messageReuse.js';
import {
  deliverNotification,
  disableReplyText,
  mfaDisabledNotice,
  queueNotification,
  toNotification,
  type Mailer,
} from '../mail/notifications.js';
import { conflict, DeskProblem } from '../platform/problems.js';
import { revokeAllSessions } from '../credentials/sessions.js';
import { findDisableRequest, toDisableRequest, type EvidenceSettings } from './evidence.js';
import { markIncomingDone } from '../intake/incoming.js';

type DisableWarning = DisableRequest['warnings'][number];

export interface DisableDeps {
  db: Db;
  mailer: Mailer | null;
  settings: EvidenceSettings;
  now: () => Date;
}

export interface TurnOff {
  account: AccountsTable;
  agent: Agent;
  action: Extract<AuditAction, 'mfa.disabled' | 'mfa.disabled.by_escalation'>;
  reason: string;
  ticketRef: string;
  evidence: Record<string, unknown>;
}

/** Revokes every factor, ends the user's sessions, audits and queues the notice; run inside a transaction. */
export async function turnMfaOff(tx: Db, off: TurnOff, now: Date): Promise<OutboxTable> {
  const { account, agent } = off;
  if (account.mfaState === 'off') throw conflict('mfa_already_off', `MFA is already off for ${account.login}.`, { login: account.login });
  await tx
    .updateTable('totpFactors')
    .set({ status: 'revoked', revokedAt: iso(now) })
    .where('accountId', '=', account.id)
    .where('status', 'in', ['active', 'pending'])
    .execute();
  await tx
    .updateTable('accounts')
    .set({ mfaState: 'off', ...afterSuccess() })
    .where('id', '=', account.id)
    .execute();
  const sessionsEnded = await revokeAllSessions(tx, 'user', account.id, now);
  await appendAudit(
    tx,
    {
      ...agentActor(agent),
      action: off.action,
      accountId: account.id,
      accountLogin: account.login,
      reason: off.reason,
      ticketRef: off.ticketRef,
      details: { ...off.evidence, previousState: account.mfaState, sessionsEnded },
    },
    now,
  );
  const notice = mfaDisabledNotice(account, now, off.ticketRef);
  return queueNotification(tx, { accountId: account.id, to: account.login, ...notice }, now);
}

/**
 * A verified request may still carry warnings (a Reply-To elsewhere, a message checked before): the agent
 * must have seen and acknowledged each one, whatever the console shows. Returns them for the audit log.
 */
function requireAcknowledgedWarnings(request: DisableRequestsTable, acknowledged: string[]): DisableWarning[] {
  const warnings = decodeWarnings(request.warnings);
  const missing = warnings.filter((w) => !acknowledged.includes(w.code));
  if (missing.length > 0) {
    throw new DeskProblem(
      422,
      'warnings_not_acknowledged',
      `Acknowledge every warning of this request before disabling MFA: ${missing.map((w) => w.message).join(' ')}`,
    );
  }
  return warnings;
}

/**
 * `POST /admin/v1/accounts/{id}/mfa/disable`: refused unless the cited request is verified, this account's, recent and
 * unused, and its e-mail never backed a disable before.
 */
export async function disableWithVerifiedRequest(
  deps: DisableDeps,
  accountId: string,
  agent: Agent,
  body: DisableMfa,
  idempotencyKey: string,
): Promise<MfaDisabled> {
  const now = deps.now();
  const { value } = await runIdempotent(
    deps.db,
    { agentId: agent.id, key: idempotencyKey, operation: `mfa.disable:${accountId}`, body },
    now,
    async (tx) => {
      const account = await findAccountRow(tx, accountId);
      const request = await findDisableRequest(tx, accountId, body.requestId);
      if (request.verdict !== 'verified') {
        throw new DeskProblem(
          422,
          'request_not_verified',
          `This request is "${request.verdict}", not verified: MFA cannot be disabled on it. Escalate it to an admin instead.`,
          { params: { verdict: request.verdict } },
        );
      }
      if (request.usedAt) throw conflict('request_already_used', 'This request was already used to disable MFA. Check the account again.');
      const acknowledged = requireAcknowledgedWarnings(request, body.acknowledgedWarnings ?? []);
      if (addSeconds(new Date(request.checkedAt), deps.settings.requestValidityHours * 3600) < now) {
        throw new DeskProblem(
          422,
          'request_expired',
          `This request was checked more than ${deps.settings.requestValidityHours} hours ago. Check the e-mail again.`,
          { params: { hours: deps.settings.requestValidityHours } },
        );
      }
      const claimed = await tx
        .updateTable('disableRequests')
        .set({ usedAt: iso(now) })
        .where('id', '=', request.id)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw conflict('request_already_used', 'This request was already used to disable MFA. Check the account again.');
      // Another request may cite the same e-mail (checked twice, or for another account): the e-mail itself is claimed too.
      if (!(await claimMessage(tx, request, { requestId: request.id, accountId, usedAt: iso(now) }))) {
        const earlier = await findEarlierUse(tx, request);
        throw conflict(
          'message_already_used',
          `This e-mail already backed an MFA disable${earlier ? ` on ${earlier.usedAt.slice(0, 10)}` : ''}; a message backs one disable only. Ask the user to send a new request.`,
        );
      }
      // A request read from the support mailbox: its queue item is done (refused if another agent holds it).
      await markIncomingDone(tx, request.id, agent, now);
      const outbox = await turnMfaOff(
        tx,
        {
          account,
          agent,
          action: 'mfa.disabled',
          reason: body.reason,
          ticketRef: body.ticketRef,
          evidence: {
            requestId: request.id,
            verdict: request.verdict,
            sha256: request.sha256,
            messageId: request.messageId,
            checkedBy: request.checkedByLabel,
            checkedAt: request.checkedAt,
            acknowledgedWarnings: acknowledged,
          },
        },
        now,
      );
      return {
        account: await getAccount(tx, accountId, now),
        request: toDisableRequest({ ...request, usedAt: iso(now) }, deps.settings),
        notification: toNotification(outbox),
        replyToUser: disableReplyText(account, body.ticketRef),
      };
    },
  );
  const delivered = await deliverNotification(deps.db, deps.mailer, value.notification.id, deps.now);
  return { ...value, notification: toNotification(delivered) };
}
