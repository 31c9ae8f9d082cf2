/**
 * A message backs one disable, ever. When a disable happens, the cited message's fingerprints are
 * claimed inside the disable's transaction, each as a primary key: of two disables citing one message
 * (on one account or two, on one backend instance or several) one commits and the other finds the
 * claim and rolls back. A re-uploaded message is looked up here too, so the agent sees "already used"
 * among the checks before trying.
 *
 * Three fingerprints, because whoever holds a copy can change what no signature covers: the
 * Message-ID (when unsigned, it can be rewritten), the signed content (sender, Date and canonical
 * body: the same under any change a signature survives) and the whole message.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/openStore.js';

/** What identifies a checked message: the columns of a disable request, or a fresh analysis. */
export interface MessageIdentity {
  messageId: string | null;
  sha256: string | null;
  contentSha256: string | null;
}

export interface EarlierUse {
  usedAt: string;
  accountId: string;
  requestId: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The id inside the angle brackets, case folded; comments and blanks around it do not make a new id. */
function messageIdKey(messageId: string): string | null {
  const id = (/<([^<>]*)>/.exec(messageId)?.[1] ?? messageId).trim().toLowerCase();
  return id === '' ? null : id;
}

/**
 * The fingerprints of a message, sorted: every transaction claims them in the same order, so two
 * claims that overlap wait for each other rather than deadlock (PostgreSQL).
 */
export function messageFingerprints(identity: MessageIdentity): string[] {
  const fingerprints: string[] = [];
  const id = identity.messageId === null ? null : messageIdKey(identity.messageId);
  if (id !== null) fingerprints.push(`message-id:${sha256(id)}`);
  if (identity.contentSha256) fingerprints.push(`content:${identity.contentSha256}`);
  if (identity.sha256) fingerprints.push(`message:${identity.sha256}`);
  return fingerprints.sort();
}

/** The first disable this message backed, or null when it backed none. */
export async function findEarlierUse(db: Db, identity: MessageIdentity): Promise<EarlierUse | null> {
  const fingerprints = messageFingerprints(identity);
  if (fingerprints.length === 0) return null;
  const row = await db
    .selectFrom('usedRequestMessages')
    .select(['usedAt', 'accountId', 'requestId'])
    .where('fingerprint', 'in', fingerprints)
    .orderBy('usedAt')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Claims the message for the disable being made in `tx`. False when any of its fingerprints was
 * claimed already (by an earlier disable, or by a concurrent one that committed first); the caller
 * must then fail, which rolls the transaction back with whatever this call inserted.
 */
export async function claimMessage(tx: Db, identity: MessageIdentity, use: EarlierUse): Promise<boolean> {
  const fingerprints = messageFingerprints(identity);
  if (fingerprints.length === 0) return true;
  const inserted = await tx
    .insertInto('usedRequestMessages')
    .values(fingerprints.map((fingerprint) => ({ fingerprint, ...use })))
    .onConflict((oc) => oc.column('fingerprint').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === fingerprints.length;
}
