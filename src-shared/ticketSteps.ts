/**
 * The steps and statuses of a re-enrolment ticket. Runtime-free of TypeBox, so the console's first
 * screen can use them without the schema library; resetApi.ts builds its schemas from them.
 */
export const TICKET_STEPS = ['issued', 'email_sent', 'link_opened', 'signed_in', 'qr_shown', 'enrolled'] as const;
export const TICKET_STATUSES = [...TICKET_STEPS, 'expired', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketStep = (typeof TICKET_STEPS)[number];
/** Statuses of a ticket still in progress (it may have passed its expiry without being marked). */
export const OPEN_TICKET_STATUSES: TicketStatus[] = TICKET_STEPS.filter((s) => s !== 'enrolled');

/** Whether a ticket is still under way (not enrolled, expired or cancelled). */
export const isOpenTicket = (status: TicketStatus): boolean => OPEN_TICKET_STATUSES.includes(status);
