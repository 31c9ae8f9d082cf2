/** Support agents: accounts of the console's users, each with a password and a TOTP of their own. */
import { randomUUID } from 'node:crypto';
import type { Agent, AgentSession } from '../../../src-shared/api.js';
import type { Role } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import type { AgentsTable } from '../../store/schema.js';
import { afterSuccess } from '../credentials/attemptThrottle.js';
import {
  agentSubject,
  claimAttempt,
  claimLocked,
  returnClaim,
  unknownLoginSubject,
  type AttemptClaim,
} from '../credentials/attemptAdmission.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { iso } from '../platform/clock.js';
import { normaliseLogin } from '../accounts/loginAddress.js';
import type { VerifyPassword } from '../credentials/passwordCapacity.js';
import { hashPassword } from '../credentials/passwords.js';
import { DeskProblem, unauthorized } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { issueSession, resolveSession, revokeSession } from '../credentials/sessions.js';
import { checkTotpCode, newTotpSecret } from '../credentials/totp.js';

export const toAgent = (row: Pick<AgentsTable, 'id' | 'email' | 'displayName' | 'role' | 'passwordChangeRequired'>): Agent => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  role: row.role,
  mustChangePassword: row.passwordChangeRequired === 1,
});

export interface NewAgent {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  /** Invited agents: the password was handed over by an admin, so they must replace it. */
  passwordChangeRequired?: boolean;
}

/** Creates an agent with a fresh TOTP secret; the secret is returned once, for the agent's authenticator. */
export async function createAgent(db: Db, box: SecretBox, input: NewAgent, now: Date): Promise<{ agent: Agent; totpSecret: string }> {
  const norm = normaliseLogin(input.email);
  if (!norm) throw new DeskProblem(400, 'invalid_email', `"${input.email}" is not an e-mail address.`, { params: { email: input.email } });
  const id = randomUUID();
  const totpSecret = newTotpSecret();
  const row: AgentsTable = {
    id,
    email: input.email.trim(),
    emailNorm: norm.loginNorm,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    totpSecretEnc: box.seal(totpSecret, id),
    totpLastStep: null,
    failedAttempts: 0,
    nextAttemptAt: null,
    lockedUntil: null,
    disabledAt: null,
    createdAt: iso(now),
    passwordChangeRequired: input.passwordChangeRequired ? 1 : 0,
  };
  await db.insertInto('agents').values(row).execute();
  return { agent: toAgent(row), totpSecret };
}

type AgentFailure = 'password' | 'code' | 'code_replayed' | 'current_password';

/** Audits a failed agent attempt whose claim is already counted, and the lock when that claim caused one. */
async function auditAgentFailure(db: Db, agent: Pick<Agent, 'id' | 'email'>, claim: AttemptClaim, why: AgentFailure, now: Date) {
  const actor = agentActor(agent);
  await db.transaction().execute(async (tx) => {
    await appendAudit(tx, { ...actor, action: 'agent.login.failed', details: { why, failedAttempts: claim.after.failedAttempts } }, now);
    if (claimLocked(claim, now))
      await appendAudit(tx, { ...actor, action: 'agent.login.locked', details: { lockedUntil: claim.after.lockedUntil } }, now);
  });
}

const badSignIn = () => new DeskProblem(401, 'invalid_credentials', 'The e-mail, password or code is wrong.');

/** Password and the agent's own TOTP code → a short-lived bearer session. */
export async function agentSignIn(
  db: Db,
  box: SecretBox,
  verify: VerifyPassword,
  input: { email: string; password: string; code: string },
  now: Date,
): Promise<AgentSession> {
  const emailNorm = normaliseLogin(input.email)?.loginNorm ?? '';
  const row = await db.selectFrom('agents').selectAll().where('emailNorm', '=', emailNorm).executeTakeFirst();
  if (!row || row.disabledAt) {
    // Throttled and answered exactly like a real agent, so trying cannot tell which agents exist.
    await claimAttempt(db, unknownLoginSubject('agent', emailNorm || input.email), now);
    await verify(null, input.password);
    throw badSignIn();
  }
  const claim = await claimAttempt(db, agentSubject(row.id), now);
  const passwordOk = await verify(row.passwordHash, input.password);
  const code = passwordOk ? checkTotpCode(box.open(row.totpSecretEnc, row.id), input.code, now, row.totpLastStep) : null;
  const actor = agentActor(row);
  const failed = async (why: AgentFailure) => {
    await auditAgentFailure(db, row, claim, why, now);
    return badSignIn();
  };
  if (!code?.ok) throw await failed(!passwordOk ? 'password' : code?.replayed ? 'code_replayed' : 'code');
  const session = await db.transaction().execute(async (tx) => {
    // The step guard makes a concurrent second use of the same code lose.
    const claimed = await tx
      .updateTable('agents')
      .set({ ...afterSuccess(), totpLastStep: code.step })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', code.step)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    await appendAudit(tx, { ...actor, action: 'agent.login.succeeded' }, now);
    return issueSession(tx, 'agent', row.id, 'full', now);
  });
  if (!session) throw await failed('code_replayed');
  return { token: session.token, expiresAt: session.expiresAt, agent: toAgent(row) };
}

/** The agent behind a bearer token, or a 401. */
export async function authenticateAgent(db: Db, token: string, now: Date): Promise<{ agent: Agent; tokenHash: string }> {
  const session = await resolveSession(db, token, now);
  if (!session || session.subjectType !== 'agent') throw unauthorized('Your session has ended. Sign in again.');
  const row = await db
    .selectFrom('agents')
    .select(['id', 'email', 'displayName', 'role', 'disabledAt', 'passwordChangeRequired'])
    .where('id', '=', session.subjectId)
    .executeTakeFirst();
  if (!row || row.disabledAt) throw unauthorized('This agent account is disabled.');
  return { agent: toAgent(row), tokenHash: session.tokenHash };
}

/** An agent replaces their password (an invited agent must, before anything else). */
export async function changeAgentPassword(
  db: Db,
  verify: VerifyPassword,
  agent: Agent,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<Agent> {
  const row = await db.selectFrom('agents').selectAll().where('id', '=', agent.id).executeTakeFirstOrThrow();
  // A stolen session must not become a password oracle: the current password is throttled like a sign-in.
  const claim = await claimAttempt(db, agentSubject(agent.id), now);
  // 422, not 401: the session is fine, only the typed password is wrong.
  if (!(await verify(row.passwordHash, input.currentPassword))) {
    await auditAgentFailure(db, agent, claim, 'current_password', now);
    throw new DeskProblem(422, 'wrong_password', 'The current password is wrong.');
  }
  await returnClaim(db, claim);
  if (input.currentPassword === input.newPassword)
    throw new DeskProblem(400, 'password_unchanged', 'Choose a password different from the current one.');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('agents').set({ passwordHash, passwordChangeRequired: 0 }).where('id', '=', agent.id).execute();
    await appendAudit(
      tx,
      {
        ...agentActor(agent),
        action: 'agent.password.changed',
        details: { wasOneTime: row.passwordChangeRequired === 1 },
      },
      now,
    );
  });
  return { ...agent, mustChangePassword: false };
}

/** Ends the agent's session, with its audit event in the same transaction. */
export async function agentSignOut(db: Db, agent: Agent, tokenHash: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await revokeSession(tx, tokenHash, now);
    await appendAudit(tx, { ...agentActor(agent), action: 'agent.logout' }, now);
  });
}
