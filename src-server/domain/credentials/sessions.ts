/**
 * Bearer sessions for agents and end users: 256-bit random tokens, only their SHA-256 stored,
 * with an idle timeout and an absolute lifetime; revoked by deleting nothing, only marking.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../store/openStore.js';
import type { SessionStage, SubjectType } from '../../store/schema.js';
import { addSeconds, iso } from '../platform/clock.js';

export type { SessionStage, SubjectType };

export const SESSION_LIMITS = {
  agent: { idleSeconds: 30 * 60, absoluteSeconds: 8 * 60 * 60 },
  user: { idleSeconds: 60 * 60, absoluteSeconds: 12 * 60 * 60 },
  /** Between a correct password and the code. */
  mfa: { idleSeconds: 5 * 60, absoluteSeconds: 5 * 60 },
  /** Signed in through a re-enrolment link: long enough to install an app and scan a code. */
  enrol: { idleSeconds: 30 * 60, absoluteSeconds: 60 * 60 },
} as const;

const limitsFor = (subjectType: SubjectType, stage: SessionStage) =>
  stage === 'full' ? SESSION_LIMITS[subjectType] : SESSION_LIMITS[stage];

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

/** Opens a session at once; `newSession` for one written together with other writes. */
export async function issueSession(...args: Parameters<typeof newSession>): Promise<IssuedSession> {
  const { insert, session } = newSession(...args);
  await insert.execute();
  return session;
}

/** A new session and the insert that stores it, for a caller that writes it together with others (writeBatch.ts). */
export function newSession(
  db: Db,
  subjectType: SubjectType,
  subjectId: string,
  stage: SessionStage,
  now: Date,
  scope: string | null = null,
) {
  const token = randomBytes(32).toString('base64url');
  const limits = limitsFor(subjectType, stage);
  const expiresAt = iso(addSeconds(now, Math.min(limits.idleSeconds, limits.absoluteSeconds)));
  const insert = db.insertInto('sessions').values({
    tokenHash: hashToken(token),
    subjectType,
    subjectId,
    stage,
    createdAt: iso(now),
    expiresAt,
    lastSeenAt: iso(now),
    revokedAt: null,
    scope,
  });
  return { insert, session: { token, expiresAt } satisfies IssuedSession };
}

export interface ActiveSession {
  tokenHash: string;
  subjectType: SubjectType;
  subjectId: string;
  stage: SessionStage;
  expiresAt: string;
  scope: string | null;
}

/** Finds a live session for a token and slides its idle expiry (bounded by the absolute lifetime). */
export async function resolveSession(db: Db, token: string, now: Date): Promise<ActiveSession | null> {
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('sessions').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
  if (!row || row.revokedAt !== null || row.expiresAt <= iso(now)) return null;
  const { stage, subjectType } = row;
  const limits = limitsFor(subjectType, stage);
  const absoluteEnd = addSeconds(new Date(row.createdAt), limits.absoluteSeconds);
  const slid = new Date(Math.min(addSeconds(now, limits.idleSeconds).getTime(), absoluteEnd.getTime()));
  // Write at most once a minute per session: the hot path stays a read.
  let expiresAt = row.expiresAt;
  if (slid.getTime() - Date.parse(row.expiresAt) > 60_000) {
    expiresAt = iso(slid);
    await db
      .updateTable('sessions')
      .set({ expiresAt, lastSeenAt: iso(now) })
      .where('tokenHash', '=', tokenHash)
      .execute();
  }
  return { tokenHash, subjectType, subjectId: row.subjectId, stage, expiresAt, scope: row.scope ?? null };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await sessionRevocation(db, tokenHash, now).execute();
}

/**
 * The update that ends one session (`revokeSession`), for a caller that writes it together with others.
 * It changes a row only while the session is still open, so it can guard a batch that uses the session up.
 */
export const sessionRevocation = (db: Db, tokenHash: string, now: Date) =>
  db
    .updateTable('sessions')
    .set({ revokedAt: iso(now) })
    .where('tokenHash', '=', tokenHash)
    .where('revokedAt', 'is', null);

/** Ends every session of one user or agent, e.g. when their MFA is disabled or reset. */
export async function revokeAllSessions(db: Db, subjectType: SubjectType, subjectId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revokedAt: iso(now) })
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
