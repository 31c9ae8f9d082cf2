/** Audit action codes in plain words for the account history; unknown codes are shown as they are. */
import type { AuditAction } from '../../../src-shared/domain';
import type { Tone } from './mfaStates';

interface ActionWording {
  label: string;
  tone: Tone;
}

// A Record over AuditAction: adding an action to the contract fails the build until it is worded here.
const WORDING: Record<AuditAction, ActionWording> = {
  'account.created': { label: 'Account created', tone: 'neutral' },
  'account.imported': { label: 'Account imported', tone: 'neutral' },
  'account.unlocked': { label: 'Sign-in lock lifted by support', tone: 'info' },
  'user.login.succeeded': { label: 'Right password', tone: 'success' },
  'user.login.failed': { label: 'Wrong password', tone: 'warning' },
  'user.mfa.succeeded': { label: 'Correct MFA code', tone: 'success' },
  'user.mfa.failed': { label: 'Wrong MFA code', tone: 'warning' },
  'user.mfa.replayed': { label: 'MFA code used twice (refused)', tone: 'warning' },
  'user.mfa.locked': { label: 'MFA locked after too many wrong codes', tone: 'error' },
  'user.mfa.enrollment.started': { label: 'MFA setup started (QR code shown)', tone: 'info' },
  'user.mfa.enrollment.confirmed': { label: 'MFA turned on', tone: 'success' },
  'agent.login.succeeded': { label: 'Agent signed in', tone: 'neutral' },
  'agent.login.failed': { label: 'Agent sign-in failed', tone: 'warning' },
  'agent.login.locked': { label: 'Agent sign-in locked', tone: 'error' },
  'agent.logout': { label: 'Agent signed out', tone: 'neutral' },
  'agent.invited': { label: 'Agent invited', tone: 'neutral' },
  'agent.password.changed': { label: 'Agent changed their password', tone: 'neutral' },
  'agent.role.changed': { label: 'Agent role changed', tone: 'info' },
  'agent.disabled': { label: 'Agent disabled', tone: 'warning' },
  'agent.enabled': { label: 'Agent enabled again', tone: 'neutral' },
  'agent.mfa.reset': { label: 'Agent’s own MFA reset', tone: 'warning' },
  'mfa.disable_request.checked': { label: 'Disable request checked', tone: 'info' },
  'mfa.disabled': { label: 'MFA turned off by support (verified request)', tone: 'error' },
  'mfa.disable.escalated': { label: 'Disable request escalated to an admin', tone: 'warning' },
  'mfa.disabled.by_escalation': { label: 'MFA turned off by support (approved escalation)', tone: 'error' },
  'mfa.disable.escalation.rejected': { label: 'Escalation rejected: MFA stays on', tone: 'info' },
  'mfa.reset.started': { label: 'New phone: re-enrolment link sent', tone: 'info' },
  'mfa.reset.resent': { label: 'New phone: link sent again', tone: 'info' },
  'mfa.reset.cancelled': { label: 'New phone: re-enrolment cancelled', tone: 'neutral' },
  'mfa.reset.completed': { label: 'New phone enrolled', tone: 'success' },
  'mfa.reset.link_locked': { label: 'New phone: link locked after too many wrong tries', tone: 'error' },
  'mfa.clock_check': { label: 'Phone clock checked', tone: 'neutral' },
  'outbox.retried': { label: 'Failed e-mail sent again', tone: 'neutral' },
  'audit.exported': { label: 'Audit log exported', tone: 'neutral' },
  'account.subject_access.exported': { label: 'Personal data exported (access request)', tone: 'neutral' },
};

export interface DescribedAction extends ActionWording {
  /** False when the console has no wording for this code yet; the raw code is then shown. */
  known: boolean;
}

const WORDING_BY_CODE = new Map<string, ActionWording>(Object.entries(WORDING));

export function describeAction(code: string): DescribedAction {
  const wording = WORDING_BY_CODE.get(code);
  return wording ? { ...wording, known: true } : { label: code, tone: 'neutral', known: false };
}

const ACTOR_KINDS: Record<string, string> = { agent: 'Support', user: 'User', system: 'System' };

/** "Support · Dana Admin", "User · anna@…", "System · CSV import". */
export function describeActor(actorType: string, actorLabel: string): string {
  const kind = ACTOR_KINDS[actorType] ?? actorType;
  return actorLabel ? `${kind} · ${actorLabel}` : kind;
}
