/**
 * A data-subject access request (GDPR art. 15): everything MFA Desk holds about one person, as one
 * JSON document. Secrets and hashes never leave: no TOTP secret (sealed or not), no password hash, no
 * session or ticket token hash. Every column is picked by name, so a column added later stays out
 * until someone decides it belongs here.
 */
import type { Agent } from '../../../src-shared/api.js';
import type { SubjectAccessExport } from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import { findAccountRow } from './accounts.js';
import { agentActor, appendAudit, toAuditEvent } from '../audit/chain.js';
import { iso } from '../platform/clock.js';

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function subjectAccessExport(db: Db, accountId: string, admin: Agent, now: Date): Promise<SubjectAccessExport> {
  const account = await findAccountRow(db, accountId);
  // Recorded first, so the export itself appears in the person's history it hands over.
  await appendAudit(
    db,
    {
      ...agentActor(admin),
      action: 'account.subject_access.exported',
      accountId,
      accountLogin: account.login,
    },
    now,
  );

  const factors = await db
    .selectFrom('totpFactors')
    .select(['id', 'status', 'createdAt', 'confirmedAt', 'lastUsedAt', 'revokedAt'])
    .where('accountId', '=', accountId)
    .orderBy('createdAt')
    .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['stage', 'createdAt', 'expiresAt', 'lastSeenAt', 'revokedAt'])
    .where('subjectType', '=', 'user')
    .where('subjectId', '=', accountId)
    .orderBy('createdAt')
    .execute();
  // The person's own actions (actor) and what was done to their account.
  const events = await db
    .selectFrom('auditEvents')
    .selectAll()
    .where((eb) => eb.or([eb('accountId', '=', accountId), eb.and([eb('actorType', '=', 'user'), eb('actorId', '=', accountId)])]))
    .orderBy('seq')
    .execute();
  const requests = await db
    .selectFrom('disableRequests')
    .select([
      'id',
      'source',
      'verdict',
      'checks',
      'warnings',
      'headers',
      'headerBlock',
      'sha256',
      'messageId',
      'rawMessage',
      'rawExpiresAt',
      'checkedByLabel',
      'checkedAt',
      'usedAt',
    ])
    .where('accountId', '=', accountId)
    .orderBy('checkedAt')
    .execute();
  const escalations = await db
    .selectFrom('escalations')
    .select([
      'id',
      'requestId',
      'justification',
      'reason',
      'ticketRef',
      'status',
      'requestedByLabel',
      'createdAt',
      'decidedByLabel',
      'decidedAt',
      'decisionNote',
    ])
    .where('accountId', '=', accountId)
    .orderBy('createdAt')
    .execute();
  const tickets = await db
    .selectFrom('enrollmentTickets')
    .select([
      'id',
      'channel',
      'reason',
      'ticketRef',
      'revokeOldNow',
      'status',
      'createdByLabel',
      'createdAt',
      'expiresAt',
      'emailSentAt',
      'linkOpenedAt',
      'signedInAt',
      'qrShownAt',
      'enrolledAt',
      'endedAt',
      'emailsSent',
    ])
    .where('accountId', '=', accountId)
    .orderBy('createdAt')
    .execute();
  const emails = await db
    .selectFrom('outbox')
    .select(['id', 'toAddress', 'subject', 'body', 'createdAt', 'sentAt', 'error'])
    .where((eb) => eb.or([eb('accountId', '=', accountId), eb('toAddress', '=', account.login)]))
    .orderBy('createdAt')
    .execute();

  return {
    exportedAt: iso(now),
    account: {
      id: account.id,
      login: account.login,
      domain: account.domain,
      displayName: account.displayName,
      department: account.department,
      hasPassword: account.passwordHash !== null,
      mfaState: account.mfaState,
      failedAttempts: account.failedAttempts,
      nextAttemptAt: account.nextAttemptAt,
      lockedUntil: account.lockedUntil,
      createdAt: account.createdAt,
    },
    factors,
    sessions,
    auditEvents: events.map(toAuditEvent),
    disableRequests: requests.map((r) => ({
      ...r,
      checks: parsed(r.checks),
      warnings: parsed(r.warnings),
      headers: parsed(r.headers),
      // The person's own e-mail, kept only while retention allows; decoded so it reads as sent.
      rawMessage: r.rawMessage === null ? null : Buffer.from(r.rawMessage, 'base64').toString('utf8'),
    })),
    escalations,
    enrollmentTickets: tickets.map((t) => ({ ...t, revokeOldNow: Boolean(t.revokeOldNow) })),
    emails: emails.map((e) => ({
      id: e.id,
      to: e.toAddress,
      subject: e.subject,
      body: e.body,
      createdAt: e.createdAt,
      sentAt: e.sentAt,
      error: e.error,
    })),
  };
}
