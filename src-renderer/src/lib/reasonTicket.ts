/**
 * The reason and ticket reference that disabling MFA, escalating and starting a re-enrolment are
 * recorded with: one check, so each form asks the same way and says the same thing.
 */

export interface ReasonTicket {
  reason: string;
  ticketRef: string;
}

export type ReasonTicketErrors = Partial<Record<keyof ReasonTicket, string | undefined>>;

const REASON_HINT = 'Say why, in a few words (at least 3 characters).';

/** The form's own checks first; where a field passes them, what the server said about it (if anything). */
export function reasonTicketErrors(form: ReasonTicket, serverFields: Record<string, string>, reasonHint = REASON_HINT): ReasonTicketErrors {
  return {
    reason: form.reason.trim().length < 3 ? reasonHint : serverFields['reason'],
    ticketRef: !form.ticketRef.trim() ? 'Type the support ticket this belongs to.' : serverFields['ticketRef'],
  };
}
