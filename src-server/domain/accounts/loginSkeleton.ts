/**
 * What a login looks like, as one indexed column (`accounts.login_skeleton`): the look-alike skeleton
 * (UTS #39 ideas, disable/request/skeleton.ts) of the login as a mail client shows it. A sender whose
 * address has the same skeleton as a login only looks like that login; finding it is one index lookup,
 * however many accounts there are.
 */
import { displayedForm, normaliseAddress, splitAddress, withoutPlusTag } from '../disable/request/address.js';
import { skeleton } from '../disable/request/skeleton.js';

/** The skeleton stored with an account, from its normalised login. */
export function loginSkeleton(loginNorm: string): string {
  const normalised = normaliseAddress(loginNorm);
  return skeleton(normalised ? `${normalised.local}@${normalised.domainUnicode}` : loginNorm);
}

/**
 * The skeletons a sender's address may share with a login it imitates: as written, with its domain shown
 * in Unicode (punycode), and without a plus tag.
 */
export function senderSkeletons(address: string): string[] {
  const forms = new Set<string>([displayedForm(address)]);
  const normalised = normaliseAddress(address);
  if (normalised) forms.add(`${normalised.local}@${normalised.domainUnicode}`);
  for (const form of [...forms]) {
    const parts = splitAddress(form);
    if (parts) forms.add(`${withoutPlusTag(parts.local)}@${parts.domain}`);
  }
  return [...new Set([...forms].map((form) => skeleton(form)))];
}
