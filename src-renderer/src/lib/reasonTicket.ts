/**
 * The reason and ticket reference that disabling MFA, escalating and starting a re-enrolment are
 * recorded with: one check, so each form asks the same way and says the same thing.
 */
import { t } from '../i18n';

export interface ReasonTicket {
  reason: string;
  ticketRef: string;
}

export type ReasonTicketErrors = Partial<Record<keyof ReasonTicket, string | undefined>>;

/** The form's own checks first; where a field passes them, what the server said about it (if anything). */
export function reasonTicketErrors(form: ReasonTicket, serverFields: Record<string, string>, reasonHint?: string): ReasonTicketErrors {
  return {
    reason: form.reason.trim().length < 3 ? (reasonHint ?? t('reasonTicket.reasonHint')) : serverFields['reason'],
    ticketRef: !form.ticketRef.trim() ? t('reasonTicket.ticketMissing') : serverFields['ticketRef'],
  };
}
