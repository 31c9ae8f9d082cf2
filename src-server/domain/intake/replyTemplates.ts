/** Replies to an incoming request, one per situation, in the user guide's words and the user's language. */
import type { ReplyTemplate } from '../../../src-shared/intakeApi.js';
import { mailTexts } from '../mail/mailTexts.js';

/**
 * The subject (the request's own, as a reply, keeping its ticket reference) and the text of a reply, in
 * `language` (the matched account's; English when the sender matched no account).
 */
export function replyText(
  template: ReplyTemplate,
  about: { subject: string | null; ticketRef: string | null },
  language?: string | null,
): { subject: string; body: string } {
  const texts = mailTexts(language);
  const base = about.subject?.replace(/^(re:\s*)+/i, '') || texts.replies.subject(about.ticketRef);
  return {
    subject: `Re: ${base}`,
    body: [texts.replies.hello, '', ...texts.replies.bodies[template], '', texts.signature].join('\n'),
  };
}
