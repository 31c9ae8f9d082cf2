/**
 * The pages' only way to the backend: same-origin JSON with fetch. A refusal (application/problem+json)
 * becomes an ApiError whose message is the server's plain `detail` sentence, ready to show.
 */

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached
   * @param {string} code the problem's stable machine code
   * @param {string} message a sentence to show the user
   * @param {number | undefined} retryAfterSeconds
   */
  constructor(status, code, message, retryAfterSeconds) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const FALLBACK = {
  401: 'Your session has ended. Sign in again.',
  404: 'This page or link does not exist.',
  429: 'Too many attempts. Wait a moment and try again.',
};

/**
 * Calls the backend and returns the parsed JSON body.
 * @param {'GET' | 'POST' | 'DELETE'} method
 * @param {string} path an absolute path on this origin, such as /v1/me
 * @param {{ body?: unknown, token?: string | null }} [options]
 * @returns {Promise<any>}
 */
export async function api(method, path, { body, token } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached. Check your internet connection and try again.', undefined);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const detail = data && typeof data.detail === 'string' && data.detail ? data.detail : null;
  const message =
    detail ??
    FALLBACK[/** @type {keyof typeof FALLBACK} */ (response.status)] ??
    (response.status >= 500
      ? 'Something went wrong on the server. Try again in a minute.'
      : `The request was refused (${response.status}).`);
  const code = data && typeof data.code === 'string' ? data.code : `http_${response.status}`;
  const retryAfter = data && Number.isInteger(data.retryAfterSeconds) ? data.retryAfterSeconds : undefined;
  throw new ApiError(response.status, code, message, retryAfter);
}

/** The message to show for anything thrown by a call: the server's sentence, or a generic one. */
export function messageOf(error) {
  return error instanceof ApiError ? error.message : 'Something went wrong in this page. Reload it and try again.';
}

/** Keeps only the digits of what the user typed or pasted ("123 456" → "123456"). */
export const digitsOnly = (text) => String(text).replace(/\D+/g, '');
