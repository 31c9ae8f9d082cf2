/**
 * The re-enrolment link page (/account/enrol#ticket=…): the link support e-mailed to the login address.
 * The token comes in the URL fragment, which browsers never send to a server, and is dropped from the
 * address bar at once. Then: check the link, sign in with e-mail and password, and the same set-up
 * pop-up as in the settings, on the ticket's own API.
 */
import { ApiError, api, messageOf } from './api.js';
import { openMfaSetup } from './mfaSetup.js';

// Kept for this tab only, so a reload after the fragment is gone still finds the link.
const TICKET_KEY = 'mfaDesk.enrolTicket';

const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));
const field = (name) => $(`[data-field="${name}"]`);

/** @type {string | null} */
let ticketToken = null;
/** The short-lived token from signing in through the link; memory only. */
let enrolToken = null;

const ENDED = {
  enrolled: 'This link was already used: MFA was set up with it.',
  expired: 'This link has expired.',
  cancelled: 'Support cancelled this link.',
};

function takeTicketFromAddress() {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('ticket');
  if (fromFragment) {
    sessionStorage.setItem(TICKET_KEY, fromFragment);
    // Out of the address bar, the history and any bookmark or screenshot of the page.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return fromFragment ?? sessionStorage.getItem(TICKET_KEY);
}

function showView(name) {
  for (const view of document.querySelectorAll('[data-view]')) view.hidden = view.getAttribute('data-view') !== name;
  const heading = /** @type {HTMLElement | null} */ (document.querySelector(`[data-view="${name}"] h1`));
  heading?.focus();
}

function showLinkProblem(message, { used = false } = {}) {
  sessionStorage.removeItem(TICKET_KEY);
  field('problem').textContent = message;
  // A link already used to set up MFA needs no new one: the user just signs in.
  field('problem-advice').hidden = used;
  showView('link-problem');
}

function setError(message) {
  $('#ticket-error').textContent = message;
  for (const input of document.querySelectorAll('[aria-describedby~="ticket-error"]'))
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

async function openLink() {
  try {
    const info = await api('POST', '/v1/enrollment-tickets/open', { body: { token: ticketToken } });
    if (ENDED[info.status]) return showLinkProblem(ENDED[info.status], { used: info.status === 'enrolled' });
    field('login-hint').textContent = info.loginHint;
    field('expires').textContent = formatTime(info.expiresAt);
    showView('sign-in');
    $('#email').focus();
  } catch (error) {
    showLinkProblem(messageOf(error), { used: error instanceof ApiError && error.code === 'ticket_used' });
  }
}

async function submitSignIn(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('[type="submit"]'));
  const email = /** @type {HTMLInputElement} */ ($('#email')).value.trim();
  const password = /** @type {HTMLInputElement} */ ($('#password')).value;
  if (!email || !password) {
    setError('Enter your e-mail address and your password.');
    (email ? $('#password') : $('#email')).focus();
    return;
  }
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = 'Signing in…';
  setError('');
  try {
    const session = await api('POST', '/v1/enrollment-tickets/sign-in', { body: { token: ticketToken, email, password } });
    enrolToken = session.enrolToken;
    /** @type {HTMLInputElement} */ ($('#password')).value = '';
    showView('setup');
  } catch (error) {
    // A link that ended meanwhile cannot be retried; a wrong password or another account can.
    if (error instanceof ApiError && (error.status === 404 || error.status === 410)) return showLinkProblem(error.message);
    setError(messageOf(error));
    $('#password').focus();
  } finally {
    button.disabled = false;
    button.textContent = 'Continue';
  }
}

function startSetup(button) {
  const withTicket = (path, body) =>
    api('POST', path, { body, token: enrolToken }).catch((error) => {
      // The sign-in through the link expired: sign in again on the same link.
      if (error instanceof ApiError && error.status === 401) {
        enrolToken = null;
        showView('sign-in');
        setError(error.message);
      }
      throw error;
    });
  openMfaSetup({
    start: () => withTicket('/v1/enrollment-tickets/enrollment', {}),
    confirm: (code) => withTicket('/v1/enrollment-tickets/enrollment/confirm', { code }),
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
  field('ticket-form').addEventListener('submit', (event) => void submitSignIn(event));
  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target).closest('[data-action="start-setup"]');
    if (target) startSetup(/** @type {HTMLElement} */ (target));
  });
  ticketToken = takeTicketFromAddress();
  if (!ticketToken) return showLinkProblem('This page needs the link from the e-mail that support sent you. Open that link again.');
  void openLink();
}

start();
