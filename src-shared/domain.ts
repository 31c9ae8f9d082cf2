/** Domain vocabulary shared by the backend, the console's main process and its renderer. */
import { isOneOf } from './narrowing.js';

export const MFA_STATES = ['off', 'pending', 'on', 'locked'] as const;
/** off: never enrolled or disabled; pending: QR shown, awaiting the first code; on: enrolled; locked: too many wrong codes. */
export type MfaState = (typeof MFA_STATES)[number];

export const ROLES = ['agent', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who an audit event says acted: a support agent, the user on their own account, or the system (an import, a job). */
export const ACTOR_TYPES = ['agent', 'user', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** What each role may do; the server checks these on every route, the console only hides what is refused. */
export const PERMISSIONS = {
  'accounts.read': ['agent', 'auditor', 'admin'],
  'accounts.create': ['admin'],
  'mfa.disable': ['agent', 'admin'],
  'mfa.reset': ['agent', 'admin'],
  /** Lifting a temporary sign-in lock, with a reason and ticket. */
  'accounts.unlock': ['agent', 'admin'],
  'disableRequests.check': ['agent', 'admin'],
  'escalations.decide': ['admin'],
  'audit.read': ['auditor', 'admin'],
  'reports.read': ['auditor', 'admin'],
  'agents.manage': ['admin'],
  'audit.export': ['auditor', 'admin'],
  'alerts.read': ['auditor', 'admin'],
  /** Putting an e-mail whose delivery gave up back in the queue: support work, like the notices themselves. */
  'outbox.retry': ['agent', 'admin'],
  /** A data-subject export holds a person's whole record, raw e-mails included: admins only. */
  'subjectAccess.export': ['admin'],
  /** Working the Incoming queue: claiming, answering (disabling still needs mfa.disable). */
  'incoming.work': ['agent', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return isOneOf(PERMISSIONS[permission], role);
}

/** RFC 6238 parameters Google Authenticator expects. */
export const TOTP = { digits: 6, periodSeconds: 30, algorithm: 'sha1', secretBytes: 20, acceptedSteps: 1 } as const;

/** Audit actions, in the domain's words. */
export const AUDIT_ACTIONS = [
  'account.created',
  'account.imported',
  'account.unlocked',
  'account.language_changed',
  'user.login.succeeded',
  'user.login.failed',
  'user.mfa.succeeded',
  'user.mfa.failed',
  'user.mfa.replayed',
  'user.mfa.locked',
  'user.mfa.enrollment.started',
  'user.mfa.enrollment.confirmed',
  'agent.login.succeeded',
  'agent.login.failed',
  'agent.login.locked',
  'agent.logout',
  'agent.invited',
  'agent.password.changed',
  'agent.role.changed',
  'agent.disabled',
  'agent.enabled',
  'agent.mfa.reset',
  'mfa.disable_request.checked',
  'mfa.disabled',
  'mfa.disable.escalated',
  'mfa.disabled.by_escalation',
  'mfa.disable.escalation.rejected',
  'mfa.reset.started',
  'mfa.reset.resent',
  'mfa.reset.cancelled',
  'mfa.reset.completed',
  'mfa.reset.link_locked',
  'mfa.clock_check',
  'outbox.retried',
  'audit.exported',
  'account.subject_access.exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
