/**
 * What the user actually asked: the message's plain-text body, so the agent can read the request
 * before acting on it. Only an excerpt (BODY_EXCERPT_CHARS) is kept, with the characters that could
 * disguise text (bidi overrides, zero-width, control characters) removed. Parsed in the check's
 * worker thread, like the rest of the message; a body that cannot be decoded gives null, never an error.
 */
import PostalMime from 'postal-mime';

export const BODY_EXCERPT_CHARS = 4000;

// Bidi embeddings/overrides/isolates, zero-width characters and the BOM: invisible, and able to reorder what the agent reads.
const DISGUISE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// C0/C1 controls except tab and newline.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** An HTML-only message, read as text: tags and their scripts and styles dropped, the common entities decoded. */
function htmlAsText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export async function bodyExcerpt(raw: Buffer): Promise<string | null> {
  let text: string;
  try {
    const email = await PostalMime.parse(raw);
    text = email.text ?? (email.html ? htmlAsText(email.html) : '');
  } catch {
    return null;
  }
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(DISGUISE, '')
    .replace(CONTROLS, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!clean) return null;
  return clean.length > BODY_EXCERPT_CHARS ? `${clean.slice(0, BODY_EXCERPT_CHARS)}…` : clean;
}
