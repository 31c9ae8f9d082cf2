/**
 * Admins managing the console's agents: invite (a one-time password and a fresh TOTP for the new
 * agent), change a role, disable or re-enable, and reset an agent's MFA. An admin never acts on
 * themself here, and the last active admin cannot be demoted or disabled, so the desk cannot lock
 * itself out. Every change is audited in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Agent } from '../../../src-shared/api.js';
import type {
  AgentInvited,
  AgentMfaReset,
  AgentMfaResetDone,
  AgentUpdate,
  InviteAgent,
  ManagedAgent,
} from '../../../src-shared/auditApi.js';
import type { Db } from '../../store/openStore.js';
import type { AgentsTable } from '../../store/schema.js';
import { createAgent } from './signIn.js';
import { agentActor, appendAudit } from '../audit/chain.js';
import { iso } from '../platform/clock.js';
import { normaliseLogin } from '../accounts/loginAddress.js';
import { conflict, DeskProblem, notFound } from '../platform/problems.js';
import type { SecretBox } from '../credentials/secretBox.js';
import { revokeAllSessions } from '../credentials/sessions.js';
import { formatSecretForTyping, newTotpSecret, otpauthUri } from '../credentials/totp.js';

export interface AgentAdminDeps {
  db: Db;
  box: SecretBox;
  issuer: string;
}

const toManaged = (
  r: Pick<AgentsTable, 'id' | 'email' | 'displayName' | 'role' | 'disabledAt' | 'lockedUntil' | 'createdAt'>,
): ManagedAgent => ({
  id: r.id,
  email: r.email,
  displayName: r.displayName,
  role: r.role,
  disabledAt: r.disabledAt,
  lockedUntil: r.lockedUntil,
  createdAt: r.createdAt,
});

async function totpSetup(secret: string, issuer: string, email: string) {
  const uri = otpauthUri(secret, issuer, email);
  return {
    otpauthUri: uri,
    qrCodeDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }),
    secretText: formatSecretForTyping(secret),
  };
}

async function findAgentRow(db: Db, id: string): Promise<AgentsTable> {
  const row = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('agent');
  return row;
}

function refuseSelf(admin: Agent, targetId: string, what: string) {
  if (admin.id === targetId)
    throw new DeskProblem(403, 'own_agent_account', `You cannot ${what} your own agent account: ask another admin.`);
}

export async function listAgents(db: Db): Promise<ManagedAgent[]> {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'email', 'displayName', 'role', 'disabledAt', 'lockedUntil', 'createdAt'])
    .orderBy('emailNorm')
    .execute();
  return rows.map(toManaged);
}

/** Creates the agent with a random one-time password and TOTP secret, both shown once to the admin. */
export async function inviteAgent(deps: AgentAdminDeps, admin: Agent, input: InviteAgent, now: Date): Promise<AgentInvited> {
  const emailNorm = normaliseLogin(input.email)?.loginNorm;
  if (!emailNorm)
    throw new DeskProblem(400, 'invalid_email', `"${input.email}" is not an e-mail address.`, { params: { email: input.email } });
  const oneTimePassword = randomBytes(15).toString('base64url');
  const created = await deps.db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('agents').select('id').where('emailNorm', '=', emailNorm).executeTakeFirst();
    if (taken) throw conflict('agent_exists', `An agent with the e-mail ${input.email} already exists.`, { email: input.email });
    const made = await createAgent(
      tx,
      deps.box,
      { email: input.email, displayName: input.displayName, role: input.role, password: oneTimePassword, passwordChangeRequired: true },
      now,
    );
    await appendAudit(
      tx,
      {
        ...agentActor(admin),
        action: 'agent.invited',
        reason: input.reason ?? null,
        details: { agentId: made.agent.id, email: made.agent.email, role: input.role },
      },
      now,
    );
    return made;
  });
  const row = await findAgentRow(deps.db, created.agent.id);
  return { agent: toManaged(row), oneTimePassword, totp: await totpSetup(created.totpSecret, deps.issuer, row.email) };
}

async function activeAdmins(db: Db): Promise<number> {
  const r = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabledAt', 'is', null)
    .executeTakeFirst();
  return r?.n ?? 0;
}

/** Changes role and/or disables; disabling ends the agent's sessions at once. */
export async function updateAgent(deps: AgentAdminDeps, admin: Agent, id: string, change: AgentUpdate, now: Date): Promise<ManagedAgent> {
  refuseSelf(admin, id, 'change');
  await deps.db.transaction().execute(async (tx) => {
    const row = await findAgentRow(tx, id);
    const losesAdmin =
      row.role === 'admin' &&
      row.disabledAt === null &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && (await activeAdmins(tx)) <= 1)
      throw conflict('last_admin', 'This is the last active admin: make another admin first.');
    const why = { reason: change.reason, accountId: null };
    if (change.role !== undefined && change.role !== row.role) {
      await tx.updateTable('agents').set({ role: change.role }).where('id', '=', id).execute();
      await appendAudit(
        tx,
        {
          ...agentActor(admin),
          action: 'agent.role.changed',
          ...why,
          details: { agentId: id, email: row.email, from: row.role, to: change.role },
        },
        now,
      );
    }
    if (change.disabled === true && row.disabledAt === null) {
      await tx
        .updateTable('agents')
        .set({ disabledAt: iso(now) })
        .where('id', '=', id)
        .execute();
      const sessionsEnded = await revokeAllSessions(tx, 'agent', id, now);
      await appendAudit(
        tx,
        { ...agentActor(admin), action: 'agent.disabled', ...why, details: { agentId: id, email: row.email, sessionsEnded } },
        now,
      );
    } else if (change.disabled === false && row.disabledAt !== null) {
      await tx.updateTable('agents').set({ disabledAt: null }).where('id', '=', id).execute();
      await appendAudit(tx, { ...agentActor(admin), action: 'agent.enabled', ...why, details: { agentId: id, email: row.email } }, now);
    }
  });
  return toManaged(await findAgentRow(deps.db, id));
}

/** A new TOTP secret for an agent who lost their phone; the old one and every session stop at once. */
export async function resetAgentMfa(
  deps: AgentAdminDeps,
  admin: Agent,
  id: string,
  input: AgentMfaReset,
  now: Date,
): Promise<AgentMfaResetDone> {
  refuseSelf(admin, id, 'reset the MFA of');
  const secret = newTotpSecret();
  const { row, sessionsEnded } = await deps.db.transaction().execute(async (tx) => {
    const row = await findAgentRow(tx, id);
    await tx
      .updateTable('agents')
      .set({ totpSecretEnc: deps.box.seal(secret, id), totpLastStep: null, failedAttempts: 0, nextAttemptAt: null, lockedUntil: null })
      .where('id', '=', id)
      .execute();
    const sessionsEnded = await revokeAllSessions(tx, 'agent', id, now);
    await appendAudit(
      tx,
      {
        ...agentActor(admin),
        action: 'agent.mfa.reset',
        reason: input.reason,
        ticketRef: input.ticketRef ?? null,
        details: { agentId: id, email: row.email, sessionsEnded },
      },
      now,
    );
    return { row, sessionsEnded };
  });
  return { agent: toManaged(await findAgentRow(deps.db, id)), totp: await totpSetup(secret, deps.issuer, row.email), sessionsEnded };
}
