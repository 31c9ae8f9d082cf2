/** The steps of a re-enrolment ticket in the agent's words, and the durations shown beside them. */
import { isOpenTicket, TICKET_STEPS, type TicketStatus, type TicketStep } from '../../../src-shared/ticketSteps';
import type { Tone } from './mfaStates';

export { isOpenTicket, TICKET_STEPS, type TicketStep };

export const STEP_LABELS: Record<TicketStep, string> = {
  issued: 'Re-enrolment started',
  email_sent: 'Link e-mailed to the login address',
  link_opened: 'User opened the link',
  signed_in: 'User signed in with e-mail and password',
  qr_shown: 'QR code shown to the user',
  enrolled: 'Code confirmed: MFA on the new phone',
};

export const STATUS_LABELS: Record<TicketStatus, { label: string; tone: Tone }> = {
  issued: { label: 'Started, sending the link', tone: 'info' },
  email_sent: { label: 'Waiting for the user to open the link', tone: 'info' },
  link_opened: { label: 'Link opened, waiting for sign-in', tone: 'info' },
  signed_in: { label: 'Signed in, setting up the app', tone: 'info' },
  qr_shown: { label: 'QR code shown, waiting for the code', tone: 'info' },
  enrolled: { label: 'Enrolled on the new phone', tone: 'success' },
  expired: { label: 'Link expired before the user finished', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

/** The step the user is on now: the first one not yet done; null once the ticket has ended. */
export function liveStep(status: TicketStatus, steps: Record<TicketStep, string | null>): TicketStep | null {
  if (!isOpenTicket(status)) return null;
  return TICKET_STEPS.find((step) => !steps[step]) ?? null;
}

/** "45 s", "3 min 05 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/** The clock offset as a person says it: "90 s behind", "2 min 30 s ahead", "right". */
export function describeOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'right on time';
  const size = Math.abs(offsetSeconds);
  const amount = size < 60 ? `${size} s` : `${Math.floor(size / 60)} min${size % 60 ? ` ${size % 60} s` : ''}`;
  return `${amount} ${offsetSeconds < 0 ? 'behind' : 'ahead'}`;
}
