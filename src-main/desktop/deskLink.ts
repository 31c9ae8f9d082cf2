/**
 * `mfa-desk://accounts/<id>` links: a ticket system or a colleague's message opens that account in the
 * console. Anyone can make such a link and the OS hands it to us as it is, so it is parsed strictly —
 * one host, one path segment that is an account id as the contract defines it, nothing else — and
 * anything else is ignored. The link only chooses which account view opens; every rule behind it is
 * still the server's.
 */
import { Compile } from 'typebox/compile';
import { Id } from '../../src-shared/api.js';

export const DESK_PROTOCOL = 'mfa-desk';

/** What a valid link asks for. */
export interface DeskLink {
  accountId: string;
}

const checkId = Compile(Id);
// Longer than any valid link (scheme, host, a 64-character id, a slash); anything past it is refused unread.
const MAX_LINK_LENGTH = 128;
// Matched on the raw text rather than through a URL parser, which would quietly drop tabs and newlines,
// resolve "..", decode escapes and accept user names and ports that have no place in this link. The
// scheme is case-insensitive (RFC 3986), the host is not. One trailing slash is allowed: Windows adds it
// to some links it passes on.
const LINK = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/accounts\/([^/?#]+)\/?$/;

export function parseDeskLink(text: string): DeskLink | null {
  if (text.length > MAX_LINK_LENGTH) return null;
  const match = LINK.exec(text);
  if (!match || match[1]?.toLowerCase() !== DESK_PROTOCOL) return null;
  const accountId = match[2] ?? '';
  return checkId.Check(accountId) ? { accountId } : null;
}

/**
 * The link a launch was given on its command line (Windows and Linux pass it as an argument, to the
 * first launch and, through 'second-instance', to the running one), or null. Only an argument that is
 * itself a link counts; Chromium's own switches and the app path are never one.
 */
export function deskLinkInArgv(argv: readonly string[]): DeskLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DESK_PROTOCOL}:`)) continue;
    return parseDeskLink(arg);
  }
  return null;
}
