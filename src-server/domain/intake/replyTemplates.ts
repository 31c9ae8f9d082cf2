/** Replies to an incoming request, one per situation, in the user guide's words. */
import type { ReplyTemplate } from '../../../src-shared/intakeApi.js';

const BODIES: Record<ReplyTemplate, string[]> = {
  request_received: ['We received your request and are working on it. You will hear from us shortly.'],
  send_from_login: [
    'We can only turn multi-factor authentication (MFA) off on a request sent from the e-mail address that is your login.',
    'Please write to us again from that address, from your usual mail account, and say that you ask us to turn MFA off.',
  ],
  not_verified_escalated: [
    'We could not verify that your request comes from your login address, so a second person on our team will review it before anything changes.',
    'We will write to you again once that review is done.',
  ],
  mfa_disabled: [
    'As you asked, multi-factor authentication (MFA) is now off on your account; you will also receive a separate notice.',
    'To protect your account again: in your account settings go to Your organization > My Profile > Multi-Factor Authentication > Enable MFA, and follow the steps.',
  ],
};

/** The subject (the request's own, as a reply, keeping its ticket reference) and the text of a reply. */
export function replyText(
  template: ReplyTemplate,
  about: { subject: string | null; ticketRef: string | null },
): { subject: string; body: string } {
  const base = about.subject?.replace(/^(re:\s*)+/i, '') || `Your MFA request${about.ticketRef ? ` [#${about.ticketRef}]` : ''}`;
  return { subject: `Re: ${base}`, body: ['Hello,', '', ...BODIES[template], '', 'MFA Desk support'].join('\n') };
}
