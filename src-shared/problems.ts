/**
 * Every stable code of a failure the console can be told about, declared once: the backend's problem
 * codes (problem+json `code`) and the console's own (errors main builds). The server and main may only
 * raise these; the console words each one from its catalogue (`problems.<code>`), filled in with the
 * problem's `params`, and falls back to the English `detail` only for a code it does not know (a newer
 * backend).
 */

/** Codes the backend answers in problem+json. */
export const SERVER_PROBLEM_CODES = [
  // the API itself
  'bad_request',
  'bad_url',
  'url_too_long',
  'request_timeout',
  'headers_too_large',
  'malformed_request',
  'internal_error',
  'invalid_request',
  'unsupported_media_type',
  'body_too_large',
  'empty_body',
  'invalid_json',
  'invalid_content_length',
  'route_not_found',
  'asset_not_found',
  'user_pages_missing',
  'database_unreachable',
  'migrations_pending',
  'invalid_cursor',
  'invalid_time_range',
  'idempotency_key_reused',
  // signing in and access
  'unauthorized',
  'forbidden',
  'invalid_credentials',
  'invalid_email',
  'invalid_code',
  'code_already_used',
  'too_many_attempts',
  'sign_in_busy',
  'locked',
  'password_change_required',
  'wrong_password',
  'password_unchanged',
  'no_factor',
  'mfa_already_enabled',
  'enrollment_changed',
  // agents
  'agent_not_found',
  'agent_exists',
  'own_agent_account',
  'last_admin',
  // accounts
  'account_not_found',
  'invalid_login',
  'invalid_account',
  'login_taken',
  'search_busy',
  'not_locked',
  'permanent_lock',
  'account_changed',
  // disable requests and disabling
  'disable_request_not_found',
  'empty_message',
  'binary_content',
  'no_headers',
  'malformed_header',
  'no_from_header',
  'message_check_timeout',
  'message_too_complex',
  'mfa_already_off',
  'request_not_verified',
  'request_already_used',
  'message_already_used',
  'request_expired',
  'warnings_not_acknowledged',
  // escalations
  'escalation_not_found',
  'request_is_verified',
  'escalation_pending',
  'escalation_decided',
  'two_person_rule',
  'login_not_confirmed',
  // re-enrolment and the clock check
  'enrollment_ticket_not_found',
  'ticket_closed',
  'ticket_in_use',
  'ticket_unknown',
  'ticket_used',
  'ticket_cancelled',
  'ticket_expired',
  'ticket_locked',
  'ticket_other_account',
  'too_many_clock_checks',
  // e-mail
  'email_not_found',
  'link_email_not_retried',
  'not_failed',
  // the Incoming queue
  'incoming_request_not_found',
  'incoming_not_open',
  'incoming_claimed',
  'incoming_not_claimed',
  'no_support_address',
  'no_reply_address',
] as const;
export type ServerProblemCode = (typeof SERVER_PROBLEM_CODES)[number];

/** Codes of the errors the console's main process builds itself (the connection, files, its own checks). */
export const CONSOLE_PROBLEM_CODES = [
  'backend_unavailable',
  'backend_unreachable',
  'backend_timeout',
  'backend_error',
  'backend_answer_invalid',
  'signed_out',
  'session_expired',
  'invalid_backend_url',
  'insecure_backend',
  'embedded_missing',
  'embedded_failed',
  'embedded_timeout',
  'export_unknown',
  'export_not_done',
  'mailbox_setup_invalid',
  'mailbox_setup_remote',
  'unknown_operation',
  'invalid_input',
  'untrusted_sender',
] as const;
export type ConsoleProblemCode = (typeof CONSOLE_PROBLEM_CODES)[number];

/** Every code the console may be handed by main. */
export const PROBLEM_CODES = [...SERVER_PROBLEM_CODES, ...CONSOLE_PROBLEM_CODES] as const;
export type ProblemCode = ServerProblemCode | ConsoleProblemCode;

/** The values a problem's sentence is filled in with (a login, a number of seconds), by name. */
export type ProblemParams = Readonly<Record<string, string | number>>;

/**
 * The params each code's sentence may name; a code not listed has none. The console words a problem from
 * its catalogue only when every param declared here came with it (else it shows the English sentence).
 */
export const PROBLEM_PARAMS: { readonly [C in ProblemCode]?: readonly string[] } = {
  too_many_attempts: ['seconds'],
  sign_in_busy: ['seconds'],
  invalid_email: ['email'],
  agent_exists: ['email'],
  invalid_login: ['login'],
  login_taken: ['login'],
  not_locked: ['login'],
  permanent_lock: ['login'],
  account_changed: ['login'],
  message_check_timeout: ['seconds'],
  mfa_already_off: ['login'],
  request_not_verified: ['verdict'],
  request_expired: ['hours'],
  login_not_confirmed: ['login'],
  too_many_clock_checks: ['count', 'minutes'],
  incoming_claimed: ['agent'],
  backend_unreachable: ['host'],
  backend_timeout: ['host'],
  backend_error: ['host'],
  backend_answer_invalid: ['host'],
};
