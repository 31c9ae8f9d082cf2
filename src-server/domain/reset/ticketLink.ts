/** The user's side of a re-enrolment link: open it, sign in with the password, scan, confirm. */
import type { Enrollment, EnrollmentConfirmed } from '../../../src-shared/api.js';
import type { TicketLinkInfo } from '../../../src-shared/resetApi.js';
import { claimAttempt, returnClaim, ticketSubject } from '../credentials/attemptAdmission.js';
import { assertLinkMayAttempt } from '../credentials/attemptThrottle.js';
import { appendAudit, userActor } from '../audit/chain.js';
import { confirmEnrollment, startEnrollment, type EnrollmentDeps } from '../users/enrollment.js';
import { advanceTicket, maskLogin, ticketForToken, ticketsChanged, type TicketDeps } from './tickets.js';
import { normaliseLogin } from '../accounts/loginAddress.js';
import { mfaResetNotice, queueNotification, deliverNotification } from '../mail/notifications.js';
import type { VerifyPassword } from '../credentials/passwordCapacity.js';
import type { Db } from '../../store/openStore.js';
import { DeskProblem, unauthorized } from '../platform/problems.js';
import { issueSession, resolveSession } from '../credentials/sessions.js';
import { auditFailure } from '../users/signIn.js';

export async function openTicketLink(deps: TicketDeps, token: string): Promise<TicketLinkInfo> {
  const now = deps.now();
  const row = await ticketForToken(deps, token, now);
  const opened = await advanceTicket(deps.db, row.id, 'link_opened', now);
  if (opened) await ticketsChanged(deps, row.id);
  const { login } = await deps.db.selectFrom('accounts').select('login').where('id', '=', row.accountId).executeTakeFirstOrThrow();
  // A link opened again keeps the step it reached (signed in, QR shown): advancing only ever moves forward.
  return { status: opened ? 'link_opened' : row.status, expiresAt: row.expiresAt, loginHint: maskLogin(login) };
}

/** Password plus possession of the link: an enrol-only session for this ticket, nothing more. */
export async function ticketSignIn(
  deps: TicketDeps,
  verify: VerifyPassword,
  input: { token: string; email: string; password: string },
  sourceAddress: string,
) {
  const now = deps.now();
  const row = await ticketForToken(deps, input.token, now);
  const account = await deps.db.selectFrom('accounts').selectAll().where('id', '=', row.accountId).executeTakeFirstOrThrow();
  if (normaliseLogin(input.email)?.loginNorm !== account.loginNorm) {
    throw new DeskProblem(
      403,
      'ticket_other_account',
      'This link was sent to a different account. Sign in with the e-mail address the link was sent to.',
    );
  }
  // The link counts its own tries: the account's lock (even one for good) neither stops it nor grows with it.
  const claim = await claimAttempt(deps.db, ticketSubject(row.id), now);
  if (!(await verify(account.passwordHash, input.password))) {
    await auditFailure(deps.db, account, claim, 'user.login.failed', now, { sourceAddress });
    throw new DeskProblem(401, 'invalid_credentials', 'The e-mail address or password is wrong.');
  }
  const signedIn = await deps.db.transaction().execute(async (tx) => {
    // The password was right; the code that confirms the new phone is the attempt that counts.
    await returnClaim(tx, claim);
    await advanceTicket(tx, row.id, 'signed_in', now);
    await appendAudit(
      tx,
      { ...userActor(account), action: 'user.login.succeeded', details: { via: 'reset link', ticketId: row.id, sourceAddress } },
      now,
    );
    const session = await issueSession(tx, 'user', account.id, 'enrol', now, row.id);
    return { enrolToken: session.token, expiresAt: session.expiresAt };
  });
  await ticketsChanged(deps, row.id);
  return signedIn;
}

async function enrolSession(deps: TicketDeps, bearer: string) {
  const now = deps.now();
  const session = await resolveSession(deps.db, bearer, now);
  if (!session || session.stage !== 'enrol' || !session.scope)
    throw unauthorized('Your sign-in through the link has ended. Open the link again.');
  const row = await deps.db.selectFrom('enrollmentTickets').selectAll().where('id', '=', session.scope).executeTakeFirstOrThrow();
  if (!['signed_in', 'qr_shown'].includes(row.status) || row.expiresAt <= now.toISOString()) {
    throw new DeskProblem(410, 'ticket_closed', 'This re-enrolment is no longer open. Contact support for a new link.');
  }
  // Wrong codes locked the link while signed in through it: no new QR code either.
  assertLinkMayAttempt(row, now);
  const account = await deps.db.selectFrom('accounts').selectAll().where('id', '=', session.subjectId).executeTakeFirstOrThrow();
  return { row, account, now };
}

export async function ticketEnrollmentStart(deps: TicketDeps & { enrollment: EnrollmentDeps }, bearer: string): Promise<Enrollment> {
  const { row, account, now } = await enrolSession(deps, bearer);
  const enrollment = await startEnrollment(deps.enrollment, account, now, true);
  if (await advanceTicket(deps.db, row.id, 'qr_shown', now)) await ticketsChanged(deps, row.id);
  return enrollment;
}

export async function ticketEnrollmentConfirm(
  deps: TicketDeps & { enrollment: EnrollmentDeps },
  bearer: string,
  code: string,
): Promise<EnrollmentConfirmed> {
  const { row, account, now } = await enrolSession(deps, bearer);
  let outboxId = '';
  const inTransaction = async (tx: Db) => {
    if (!(await advanceTicket(tx, row.id, 'enrolled', now)))
      throw new DeskProblem(410, 'ticket_closed', 'This re-enrolment is no longer open.');
    await appendAudit(
      tx,
      {
        ...userActor(account),
        action: 'mfa.reset.completed',
        ticketRef: row.ticketRef,
        details: {
          ticketId: row.id,
          startedBy: row.createdByLabel,
          minutesTaken: Math.round((now.getTime() - Date.parse(row.createdAt)) / 60000),
        },
      },
      now,
    );
    outboxId = (
      await queueNotification(
        tx,
        { accountId: account.id, to: account.login, ...mfaResetNotice(account.displayName, account.login, now) },
        now,
      )
    ).id;
  };
  const confirmed = await confirmEnrollment(deps.enrollment, account, code, now, { ticketId: row.id, inTransaction });
  await ticketsChanged(deps, row.id);
  await deliverNotification(deps.db, deps.mailer, outboxId, deps.now);
  return confirmed;
}
