/** The steps of a re-enrolment ticket in the agent's words, and the durations shown beside them. */
import { isOpenTicket, TICKET_STATUSES, TICKET_STEPS, type TicketStatus, type TicketStep } from '../../../src-shared/ticketSteps';
import { t } from '../i18n';
import { translated } from '../i18n/translated';
import type { Tone } from './mfaStates';

export { isOpenTicket, TICKET_STEPS, type TicketStep };

export const STEP_LABELS = translated(TICKET_STEPS, (step) => `newPhone.step.${step}`);

export const STATUS_LABELS = translated(TICKET_STATUSES, (status) => `newPhone.status.${status}`);

export const STATUS_TONES: Record<TicketStatus, Tone> = {
  issued: 'info',
  email_sent: 'info',
  link_opened: 'info',
  signed_in: 'info',
  qr_shown: 'info',
  enrolled: 'success',
  expired: 'warning',
  cancelled: 'neutral',
};

/** The step the user is on now: the first one not yet done; null once the ticket has ended. */
export function liveStep(status: TicketStatus, steps: Record<TicketStep, string | null>): TicketStep | null {
  if (!isOpenTicket(status)) return null;
  return TICKET_STEPS.find((step) => !steps[step]) ?? null;
}

/** "45 s", "3 min 05 s", "2 h 10 min", in the console's language. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return t('newPhone.duration.seconds', { s: total });
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return t('newPhone.duration.minutes', { m: minutes, s: String(total % 60).padStart(2, '0') });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('newPhone.duration.hours', { h: hours, m: String(minutes % 60).padStart(2, '0') });
  const days = Math.floor(hours / 24);
  return t('newPhone.duration.days', { d: days, h: hours % 24 }, days);
}

/** The clock offset as a person says it: "90 s behind", "2 min 30 s ahead", "right on time". */
export function describeOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return t('newPhone.clock.onTime');
  const size = Math.abs(offsetSeconds);
  const amount =
    size < 60
      ? t('newPhone.duration.seconds', { s: size })
      : size % 60
        ? t('newPhone.duration.minutes', { m: Math.floor(size / 60), s: size % 60 })
        : `${Math.floor(size / 60)} min`;
  return t(offsetSeconds < 0 ? 'newPhone.clock.behind' : 'newPhone.clock.ahead', { amount });
}
