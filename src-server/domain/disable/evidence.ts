/**
 * Disable requests as evidence: each check of an e-mail (or of a typed sender address) is stored with
 * its verdict, checks, headers and hash, and is what a disable must cite. Raw messages are kept only
 * as long as the retention setting allows; the hash and headers stay.
 */
import { randomUUID } from 'node:crypto';
import type { Agent, DisableRequest } from '../../../src-shared/api.js';
import type { Db } from '../../store/openStore.js';
import { decodeChecks, decodeMessageAnalysis, decodeWarnings } from '../../store/jsonColumns.js';
import type { AccountsTable, DisableRequestsTable } from '../../store/schema.js';
import { appendAudit } from '../audit/chain.js';
import { addSeconds, iso } from '../platform/clock.js';
import { decideVerdict, normaliseAddress, sameMailbox, type DisableRequestAnalysis, type DisableRequestCheck } from './request/index.js';
import { findEarlierUse } from './messageReuse.js';
import type { MessageCheckPool } from './messageCheck/checkPool.js';
import { notFound } from '../platform/problems.js';

export interface EvidenceSettings {
  /** Where uploaded e-mails are parsed and verified: worker threads, never the event loop. */
  messageChecks: MessageCheckPool;
  trustedAuthservIds: string[];
  /** Our support addresses; a request must be addressed to one of them. */
  supportAddresses: string[];
  requestMaxAgeDays: number;
  requestValidityHours: number;
  rawMessageRetentionDays: number;
}

/** Who checked a request: an agent (an upload, a typed sender) or the backend itself (the mailbox intake). */
export interface RequestChecker {
  actorType: 'agent' | 'system';
  id: string;
  label: string;
}

export const checkerOf = (agent: Pick<Agent, 'id' | 'email'>): RequestChecker => ({ actorType: 'agent', id: agent.id, label: agent.email });

/** Runs inside the transaction that stores a check, so what the caller keeps with it commits or fails with it. */
export type AlongWithCheck = (tx: Db, request: DisableRequestsTable) => Promise<void>;

export function toDisableRequest(row: DisableRequestsTable, settings: Pick<EvidenceSettings, 'requestValidityHours'>): DisableRequest {
  // The body excerpt rides in the same JSON column; requests checked before it existed have none.
  const analysis = decodeMessageAnalysis(row.headers);
  return {
    id: row.id,
    accountId: row.accountId,
    source: row.source,
    verdict: row.verdict,
    checks: decodeChecks(row.checks),
    warnings: decodeWarnings(row.warnings),
    headers: analysis.headers,
    fromHighlights: analysis.fromHighlights,
    bodyText: analysis.bodyText ?? null,
    sha256: row.sha256,
    checkedAt: row.checkedAt,
    checkedBy: row.checkedByLabel,
    usedAt: row.usedAt,
    usableUntil: row.verdict === 'verified' ? iso(addSeconds(new Date(row.checkedAt), settings.requestValidityHours * 3600)) : null,
  };
}

type Finding = Omit<DisableRequestsTable, 'id' | 'accountId' | 'checkedBy' | 'checkedByLabel' | 'checkedAt' | 'usedAt'>;

/** Stores one checked request as evidence, with who checked it and when, and audits the check. */
async function record(
  db: Db,
  settings: EvidenceSettings,
  account: AccountsTable,
  checker: RequestChecker,
  now: Date,
  finding: Finding,
  alongWith?: AlongWithCheck,
): Promise<DisableRequest> {
  const row: DisableRequestsTable = {
    id: randomUUID(),
    accountId: account.id,
    ...finding,
    checkedBy: checker.id,
    checkedByLabel: checker.label,
    checkedAt: iso(now),
    usedAt: null,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('disableRequests').values(row).execute();
    await alongWith?.(tx, row);
    await appendAudit(
      tx,
      {
        actorType: checker.actorType,
        actorId: checker.actorType === 'agent' ? checker.id : null,
        actorLabel: checker.label,
        action: 'mfa.disable_request.checked',
        accountId: account.id,
        accountLogin: account.login,
        details: {
          requestId: row.id,
          source: row.source,
          verdict: row.verdict,
          sha256: row.sha256,
          messageId: row.messageId,
          failedChecks: decodeChecks(row.checks)
            .filter((c) => !c.passed)
            .map((c) => c.code),
        },
      },
      now,
    );
  });
  return toDisableRequest(row, settings);
}

/** The day of an ISO timestamp, as the check messages name it. */
const dayOf = (at: string) => at.slice(0, 10);

/**
 * Adds what only the store knows to a fresh analysis: whether the message already backed a disable
 * (a failed check, so it can never be verified again) or was merely checked before (a warning).
 */
async function withMessageHistory(db: Db, account: AccountsTable, analysis: DisableRequestAnalysis): Promise<DisableRequestAnalysis> {
  const messageId = analysis.headers.messageId;
  const earlier = await findEarlierUse(db, { messageId, sha256: analysis.sha256, contentSha256: analysis.contentSha256 });
  const reuse: DisableRequestCheck = earlier
    ? {
        code: 'message_not_reused',
        passed: false,
        message: `This message was already used on ${dayOf(earlier.usedAt)} to disable MFA ${earlier.accountId === account.id ? 'on this account' : 'on another account'}; a message backs one disable only. Ask the user to send a new request.`,
        params: { usedAt: earlier.usedAt },
      }
    : { code: 'message_not_reused', passed: true, message: 'This message has not backed an MFA disable before.' };
  const checks = [...analysis.checks, reuse];
  const warnings = [...analysis.warnings];
  const checkedBefore =
    !earlier &&
    messageId !== null &&
    (await db.selectFrom('disableRequests').select('id').where('messageId', '=', messageId).limit(1).executeTakeFirst()) !== undefined;
  if (checkedBefore) {
    warnings.push({
      code: 'message_id_reused',
      message: `This message (${messageId}) was already checked for an earlier request; make sure it is a new request, not an old one sent again.`,
    });
  }
  return { ...analysis, checks, warnings, verdict: decideVerdict(checks) };
}

/**
 * Checks a raw e-mail against the account's login and stores the result as evidence; `alongWith` runs in
 * the same transaction (the mailbox intake records its item there, so a crash keeps both or neither).
 */
export async function checkRequestMessage(
  db: Db,
  settings: EvidenceSettings,
  account: AccountsTable,
  raw: Buffer,
  checker: RequestChecker,
  now: Date,
  alongWith?: AlongWithCheck,
): Promise<DisableRequest> {
  const checked: DisableRequestAnalysis = await settings.messageChecks.check(raw, {
    login: account.login,
    trustedAuthservIds: settings.trustedAuthservIds,
    supportAddresses: settings.supportAddresses,
    maxAgeDays: settings.requestMaxAgeDays,
    now,
  });
  const analysis = await withMessageHistory(db, account, checked);
  const keepRaw = settings.rawMessageRetentionDays > 0;
  return record(
    db,
    settings,
    account,
    checker,
    now,
    {
      source: 'message',
      verdict: analysis.verdict,
      checks: JSON.stringify(analysis.checks),
      warnings: JSON.stringify(analysis.warnings),
      headers: JSON.stringify({
        headers: analysis.headers,
        fromHighlights: analysis.fromAddressHighlight ?? [],
        bodyText: analysis.bodyText,
      }),
      headerBlock: analysis.headerBlock,
      sha256: analysis.sha256,
      contentSha256: analysis.contentSha256,
      messageId: analysis.headers.messageId,
      rawMessage: keepRaw ? raw.toString('base64') : null,
      rawExpiresAt: keepRaw ? iso(addSeconds(now, settings.rawMessageRetentionDays * 86400)) : null,
    },
    alongWith,
  );
}

/**
 * When no raw message exists the agent may type the sender's address. That proves nothing about who
 * sent it, so the best it can be is `unauthenticated`: enough to escalate, never to disable.
 */
export async function recordTypedSender(
  db: Db,
  settings: EvidenceSettings,
  account: AccountsTable,
  senderAddress: string,
  agent: Agent,
  now: Date,
): Promise<DisableRequest> {
  const sender = normaliseAddress(senderAddress);
  const login = normaliseAddress(account.login);
  const matches = !!sender && !!login && sameMailbox(sender, login);
  const checks = [
    {
      code: 'address_matches_login',
      passed: matches,
      message: matches
        ? 'The typed sender is the account’s login address.'
        : `The typed sender ${senderAddress} is not the account’s login ${account.login}.`,
    },
    {
      code: 'authenticated',
      passed: false,
      message:
        'There is no e-mail to authenticate: a typed address proves nothing about who sent the request. This can only be escalated to an admin.',
    },
  ];
  return record(db, settings, account, checkerOf(agent), now, {
    source: 'typed_address',
    verdict: matches ? 'unauthenticated' : 'mismatch',
    checks: JSON.stringify(checks),
    warnings: '[]',
    headers: JSON.stringify({
      headers: { from: { address: senderAddress, name: '' }, replyTo: [], date: null, messageId: null, subject: null },
      fromHighlights: [],
    }),
    headerBlock: null,
    sha256: null,
    contentSha256: null,
    messageId: null,
    rawMessage: null,
    rawExpiresAt: null,
  });
}

export async function findDisableRequest(db: Db, accountId: string, requestId: string): Promise<DisableRequestsTable> {
  const row = await db
    .selectFrom('disableRequests')
    .selectAll()
    .where('id', '=', requestId)
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound('disable_request');
  return row;
}

/** Drops raw e-mails whose retention has run out; hashes and headers stay as evidence. */
export async function purgeExpiredRawMessages(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('disableRequests')
    .set({ rawMessage: null, rawExpiresAt: null })
    .where('rawExpiresAt', '<=', iso(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
