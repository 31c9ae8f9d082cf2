/**
 * Page cursors: the sort key of the last row returned, opaque to clients (base64url of a JSON array of
 * strings). A cursor that does not decode to the expected number of parts is a 400, never a 500.
 */
import { DeskProblem } from './problems.js';

export const encodeCursor = (...parts: (string | number)[]) => Buffer.from(JSON.stringify(parts.map(String))).toString('base64url');

const invalid = () => new DeskProblem(400, 'invalid_cursor', 'The page cursor is not valid.');

/** The parts of a cursor, or null when there is none. */
export function decodeCursor(cursor: string | undefined, size: number): string[] | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== size || !parts.every((p) => typeof p === 'string')) throw invalid();
  return parts as string[];
}

/** A cursor holding one audit sequence number. */
export function decodeSeqCursor(cursor: string | undefined): number | null {
  const parts = decodeCursor(cursor, 1);
  if (!parts) return null;
  const seq = Number(parts[0]);
  if (!Number.isSafeInteger(seq) || seq < 1) throw invalid();
  return seq;
}
