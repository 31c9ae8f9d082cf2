/**
 * Reading an Authentication-Results header (RFC 8601). Only the shape we act on is kept:
 * who wrote it (authserv-id) and each method's result with its properties. Comments are
 * dropped first because they may hold anything, including text that looks like a result.
 */

export interface AuthenticationResult {
  /** Lower-cased method, e.g. `dmarc`. */
  method: string;
  /** Lower-cased result, e.g. `pass`. */
  result: string;
  /** `header.from`, `header.d`, `reason`... keys and values as written, keys lower-cased. */
  properties: Record<string, string>;
}

export interface AuthenticationResultsHeader {
  /** Lower-cased authserv-id: the receiving server that claims to have done the checks. */
  authservId: string;
  results: AuthenticationResult[];
}

/** Removes (possibly nested) comments outside quoted strings. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (char === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += value.slice(i, i + 2);
      i++;
    } else if (quoted) {
      out += char;
      if (char === '"') quoted = false;
    } else if (char === '(') {
      depth++;
    } else if (char === ')' && depth > 0) {
      depth--;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      if (char === '"') quoted = true;
      out += char;
    }
  }
  return out;
}

/** Splits at `;` outside quoted strings. */
function splitStatements(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

const KEY_VALUE = /([a-z0-9_.-]+(?:\/[0-9]+)?)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/gi;

/** Parses an Authentication-Results value; null when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResultsHeader | null {
  const [first, ...statements] = splitStatements(stripComments(value));
  // The authserv-id may be followed by a version number ("mx.example 1").
  const authservId = first?.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!authservId || authservId.includes('=')) return null;

  const results: AuthenticationResult[] = [];
  for (const statement of statements) {
    const pairs = [...statement.matchAll(KEY_VALUE)];
    const [methodPair, ...propertyPairs] = pairs;
    if (!methodPair) continue; // "none" or garbage: no result to read
    const properties: Record<string, string> = {};
    for (const pair of propertyPairs) {
      properties[(pair[1] ?? '').toLowerCase()] = (pair[2] ?? '').replace(/^"(.*)"$/s, '$1');
    }
    results.push({
      method: (methodPair[1] ?? '').split('/')[0]?.toLowerCase() ?? '',
      result: (methodPair[2] ?? '').toLowerCase(),
      properties,
    });
  }
  return { authservId, results };
}
