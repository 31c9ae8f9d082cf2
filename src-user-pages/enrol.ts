/**
 * The re-enrolment link page (/account/enrol#ticket=…): the link support e-mailed to the login address.
 * The token comes in the URL fragment, which browsers never send to a server, and is dropped from the
 * address bar at once. Then: check the link, sign in with e-mail and password, and the same set-up
 * pop-up as in the settings, on the ticket's own API.
 */
import type { TicketStatus } from '../src-shared/resetApi';
import { ApiError, api, messageOf, type Call, type Calls } from './api';
import { $, all, field, submitButton, textInput } from './dom';
import { formatTime, setLanguage, t, translate } from './i18n';
import type { MessageKey } from './messages';
import { openMfaSetup } from './mfaSetup';

// Kept for this tab only, so a reload after the fragment is gone still finds the link.
const TICKET_KEY = 'mfaDesk.enrolTicket';

let ticketToken: string | null = null;
/** The short-lived token from signing in through the link; memory only. */
let enrolToken: string | null = null;

/** What the page says for a link that has ended; the other statuses are steps of a link still open. */
const ENDED: Partial<Record<TicketStatus, MessageKey>> = { enrolled: 'enrol.used', expired: 'enrol.expired', cancelled: 'enrol.cancelled' };

function takeTicketFromAddress(): string | null {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('ticket');
  if (fromFragment) {
    sessionStorage.setItem(TICKET_KEY, fromFragment);
    // Out of the address bar, the history and any bookmark or screenshot of the page.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return fromFragment ?? sessionStorage.getItem(TICKET_KEY);
}

function showView(name: string) {
  for (const view of all('[data-view]')) view.hidden = view.getAttribute('data-view') !== name;
  document.querySelector<HTMLElement>(`[data-view="${name}"] h1`)?.focus();
}

function showLinkProblem(message: string, { used = false } = {}) {
  sessionStorage.removeItem(TICKET_KEY);
  field('problem').textContent = message;
  // A link already used to set up MFA needs no new one: the user just signs in.
  field('problem-advice').hidden = used;
  showView('link-problem');
}

function setError(message: string) {
  $('#ticket-error').textContent = message;
  for (const input of document.querySelectorAll('[aria-describedby~="ticket-error"]'))
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

async function openLink(token: string) {
  try {
    const info = await api('POST /v1/enrollment-tickets/open', { body: { token } });
    const ended = ENDED[info.status];
    if (ended) {
      showLinkProblem(t(ended), { used: info.status === 'enrolled' });
      return;
    }
    field('login-hint').textContent = info.loginHint;
    field('expires').textContent = formatTime(info.expiresAt);
    showView('sign-in');
    textInput('#email').focus();
  } catch (error) {
    showLinkProblem(messageOf(error), { used: error instanceof ApiError && error.code === 'ticket_used' });
  }
}

async function submitSignIn(form: HTMLFormElement) {
  const button = submitButton(form);
  const email = textInput('#email').value.trim();
  const password = textInput('#password').value;
  if (!email || !password) {
    setError(t('signIn.missing'));
    (email ? textInput('#password') : textInput('#email')).focus();
    return;
  }
  if (button.disabled || !ticketToken) return;
  button.disabled = true;
  button.textContent = t('signIn.busy');
  setError('');
  try {
    const session = await api('POST /v1/enrollment-tickets/sign-in', { body: { token: ticketToken, email, password } });
    enrolToken = session.enrolToken;
    // Signed in, the page speaks the account's language.
    setLanguage(session.locale);
    textInput('#password').value = '';
    showView('setup');
  } catch (error) {
    // A link that ended or locked meanwhile cannot be retried; a wrong password or another account can.
    if (error instanceof ApiError && (error.status === 404 || error.status === 410 || error.code === 'ticket_locked')) {
      showLinkProblem(error.message);
      return;
    }
    setError(messageOf(error));
    textInput('#password').focus();
  } finally {
    button.disabled = false;
    button.textContent = t('enrol.continue');
  }
}

/** Calls the ticket's API as the user signed in through the link. */
async function withTicket<C extends Call>(call: C, body: Calls[C]['body']): Promise<Calls[C]['answer']> {
  try {
    return await api(call, { body, token: enrolToken });
  } catch (error) {
    // The sign-in through the link expired: sign in again on the same link.
    if (error instanceof ApiError && error.status === 401) {
      enrolToken = null;
      showView('sign-in');
      setError(error.message);
    }
    throw error;
  }
}

function startSetup(button: HTMLElement) {
  openMfaSetup({
    start: () => withTicket('POST /v1/enrollment-tickets/enrollment', {}),
    confirm: (code) => withTicket('POST /v1/enrollment-tickets/enrollment/confirm', { code }),
    returnFocusTo: button,
    onClose: ({ enrolled }) => {
      if (!enrolled) return;
      enrolToken = null;
      sessionStorage.removeItem(TICKET_KEY);
      showView('done');
    },
  });
}

function start() {
  translate();
  document.title = t('page.title', { title: t('enrol.title') });
  field('ticket-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (event.currentTarget instanceof HTMLFormElement) void submitSignIn(event.currentTarget);
  });
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action="start-setup"]') : null;
    if (target instanceof HTMLElement) startSetup(target);
  });
  ticketToken = takeTicketFromAddress();
  if (!ticketToken) {
    showLinkProblem(t('enrol.noLink'));
    return;
  }
  void openLink(ticketToken);
}

start();
