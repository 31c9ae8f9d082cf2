/** Audit action codes in plain words for the account history; unknown codes are shown as they are. */
import { ACTOR_TYPES, type AuditAction } from '../../../src-shared/domain';
import { isOneOf } from '../../../src-shared/narrowing';
import { t } from '../i18n';
import type { Tone } from './mfaStates';

interface ActionWording {
  label: string;
  tone: Tone;
}

// A Record over AuditAction: adding an action to the contract fails the build until it is given a tone
// here and words in the catalogues (audit.action.<code with _ for .>).
const TONES: Record<AuditAction, Tone> = {
  'account.created': 'neutral',
  'account.imported': 'neutral',
  'account.unlocked': 'info',
  'account.language_changed': 'neutral',
  'user.login.succeeded': 'success',
  'user.login.failed': 'warning',
  'user.mfa.succeeded': 'success',
  'user.mfa.failed': 'warning',
  'user.mfa.replayed': 'warning',
  'user.mfa.locked': 'error',
  'user.mfa.enrollment.started': 'info',
  'user.mfa.enrollment.confirmed': 'success',
  'agent.login.succeeded': 'neutral',
  'agent.login.failed': 'warning',
  'agent.login.locked': 'error',
  'agent.logout': 'neutral',
  'agent.invited': 'neutral',
  'agent.password.changed': 'neutral',
  'agent.role.changed': 'info',
  'agent.disabled': 'warning',
  'agent.enabled': 'neutral',
  'agent.mfa.reset': 'warning',
  'mfa.disable_request.checked': 'info',
  'mfa.disabled': 'error',
  'mfa.disable.escalated': 'warning',
  'mfa.disabled.by_escalation': 'error',
  'mfa.disable.escalation.rejected': 'info',
  'mfa.reset.started': 'info',
  'mfa.reset.resent': 'info',
  'mfa.reset.cancelled': 'neutral',
  'mfa.reset.completed': 'success',
  'mfa.reset.link_locked': 'error',
  'mfa.clock_check': 'neutral',
  'outbox.retried': 'neutral',
  'audit.exported': 'neutral',
  'account.subject_access.exported': 'neutral',
};

export interface DescribedAction extends ActionWording {
  /** False when the console has no wording for this code yet; the raw code is then shown. */
  known: boolean;
}

const TONE_BY_CODE = new Map<string, Tone>(Object.entries(TONES));

/** The action in the console's language now, with its colour. */
export function describeAction(code: string): DescribedAction {
  const tone = TONE_BY_CODE.get(code);
  return tone
    ? { label: t(`audit.action.${code.replace(/\./g, '_')}`), tone, known: true }
    : { label: code, tone: 'neutral', known: false };
}

/** "Support · Dana Admin", "User · anna@…", "System · CSV import". */
export function describeActor(actorType: string, actorLabel: string): string {
  const kind = isOneOf(ACTOR_TYPES, actorType) ? t(`audit.actor.${actorType}`) : actorType;
  return actorLabel ? `${kind} · ${actorLabel}` : kind;
}
