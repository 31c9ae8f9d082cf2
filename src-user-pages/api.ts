/**
 * The pages' only way to the backend: same-origin JSON with fetch. Each call the pages make is named
 * with its body and answer from the contract (src-shared), so a change there breaks this build. A refusal
 * (application/problem+json) becomes an ApiError whose message is the server's plain `detail` sentence,
 * ready to show.
 */
import type { Static } from 'typebox';
import type {
  Enrollment,
  EnrollmentConfirm,
  EnrollmentConfirmed,
  UserLogin,
  UserLoginResult,
  UserMfa,
  UserLanguageChange,
  UserProfile,
} from '../src-shared/api';
import type { TicketConfirm, TicketLinkInfo, TicketSession, TicketSignIn, TicketToken } from '../src-shared/resetApi';
import { t } from './i18n';
import type { MessageKey } from './messages';

/** Every call of the pages: "METHOD /path" → what it sends and what it answers. */
export interface Calls {
  'POST /v1/auth/login': { body: UserLogin; answer: UserLoginResult };
  // The code step always ends signed in (domain/users/signIn.ts's userMfa), though it shares the login's schema.
  'POST /v1/auth/mfa': { body: UserMfa; answer: Extract<UserLoginResult, { status: 'signed_in' }> };
  'DELETE /v1/auth/session': { body: undefined; answer: null };
  'GET /v1/me': { body: undefined; answer: UserProfile };
  'PUT /v1/me/language': { body: Static<typeof UserLanguageChange>; answer: UserProfile };
  'POST /v1/me/mfa/enrollment': { body: Record<string, never>; answer: Enrollment };
  'POST /v1/me/mfa/enrollment/confirm': { body: Static<typeof EnrollmentConfirm>; answer: EnrollmentConfirmed };
  'POST /v1/enrollment-tickets/open': { body: Static<typeof TicketToken>; answer: TicketLinkInfo };
  'POST /v1/enrollment-tickets/sign-in': { body: Static<typeof TicketSignIn>; answer: Static<typeof TicketSession> };
  'POST /v1/enrollment-tickets/enrollment': { body: Record<string, never>; answer: Enrollment };
  'POST /v1/enrollment-tickets/enrollment/confirm': { body: Static<typeof TicketConfirm>; answer: EnrollmentConfirmed };
}
export type Call = keyof Calls;

export class ApiError extends Error {
  /**
   * @param status HTTP status, 0 when the server could not be reached
   * @param code the problem's stable machine code
   * @param message a sentence to show the user
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The page's own sentence for a refusal that brought none (the server's sentences stay as it words them). */
const FALLBACK: Partial<Record<number, MessageKey>> = { 401: 'error.session', 404: 'error.notFound', 429: 'error.tooMany' };

/** The problem fields a refusal may carry, read from whatever the body was. */
function problemOf(data: unknown): { detail?: string; code?: string; retryAfterSeconds?: number } {
  if (typeof data !== 'object' || data === null) return {};
  return {
    ...('detail' in data && typeof data.detail === 'string' && data.detail ? { detail: data.detail } : {}),
    ...('code' in data && typeof data.code === 'string' ? { code: data.code } : {}),
    ...('retryAfterSeconds' in data && Number.isInteger(data.retryAfterSeconds) && typeof data.retryAfterSeconds === 'number'
      ? { retryAfterSeconds: data.retryAfterSeconds }
      : {}),
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Calls the backend and returns its answer; `token` is the bearer token of the signed-in user or of the link. */
export async function api<C extends Call>(
  call: C,
  { body, token }: { body?: Calls[C]['body']; token?: string | null } = {},
): Promise<Calls[C]['answer']> {
  const space = call.indexOf(' ');
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(call.slice(space + 1), {
      method: call.slice(0, space),
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network_error', t('error.network'), undefined);
  }
  const data = parse(await response.text());
  // The same-origin server answers by the contract this page is built against (Calls above).
  if (response.ok) return data as Calls[C]['answer'];
  const problem = problemOf(data);
  const fallback = FALLBACK[response.status];
  const message =
    problem.detail ??
    (fallback ? t(fallback) : response.status >= 500 ? t('error.server') : t('error.refused', { status: response.status }));
  throw new ApiError(response.status, problem.code ?? `http_${response.status}`, message, problem.retryAfterSeconds);
}

/** The message to show for anything thrown by a call: the server's sentence, or a generic one. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t('error.page');
}

/** Keeps only the digits of what the user typed or pasted ("123 456" → "123456"). */
export const digitsOnly = (text: string): string => text.replace(/\D+/g, '');
