/**
 * The account page: sign in (e-mail and password, then the MFA code when MFA is on), then settings —
 * Your organization → My Profile → Multi-Factor Authentication → Enable MFA. The session token lives in
 * sessionStorage only, so closing the tab or signing out forgets it.
 */
import type { MfaState } from '../src-shared/domain';
import type { UserProfile } from '../src-shared/api';
import { ApiError, api, digitsOnly, messageOf, type Call, type Calls } from './api';
import { $, all, element, field, submitButton, textInput } from './dom';
import { pageLanguage, setLanguage, t, translate } from './i18n';
import type { MessageKey } from './messages';
import { openMfaSetup } from './mfaSetup';

const SESSION_KEY = 'mfaDesk.session';

let profile: UserProfile | null = null;
/** The short-lived token between the password and the code; memory only. */
let pendingMfa: { token: string; login: string } | null = null;

// ── session ────────────────────────────────────────────────────────────────────────────────────

function sessionToken(): string | null {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    // Expiry is the server's call (a 401), not this computer's clock, which may be off.
    if (typeof saved === 'object' && saved !== null && 'token' in saved && typeof saved.token === 'string') return saved.token;
  } catch {
    // A damaged entry is the same as none.
  }
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

function saveSession(token: string, expiresAt: string) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, expiresAt }));
}

function signOut(notice: string) {
  const token = sessionToken();
  // End the session on the server too; the page forgets it whatever the answer.
  if (token) api('DELETE /v1/auth/session', { token }).catch(() => {});
  sessionStorage.removeItem(SESSION_KEY);
  profile = null;
  pendingMfa = null;
  showSignIn(notice);
}

/** Calls the API as the signed-in user; a 401 means the session is over. */
async function userApi<C extends Call>(call: C, body?: Calls[C]['body']): Promise<Calls[C]['answer']> {
  try {
    return await api(call, { body, token: sessionToken() });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signOut(error.message);
    throw error;
  }
}

// ── views ──────────────────────────────────────────────────────────────────────────────────────

/** The title of the view shown, kept so a switch of language can write it again. */
let titleKey: MessageKey = 'signIn.title';
const writeTitle = () => (document.title = t('page.title', { title: t(titleKey) }));

function showView(name: string, title: MessageKey) {
  for (const view of all('[data-view]')) view.hidden = view.getAttribute('data-view') !== name;
  field('who').hidden = name !== 'settings';
  titleKey = title;
  writeTitle();
}

function setError(id: string, message: string) {
  $(`#${id}`).textContent = message;
  for (const input of document.querySelectorAll(`[aria-describedby~="${id}"]`))
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function showSignIn(notice = '') {
  showView('sign-in', 'signIn.title');
  field('sign-in-notice').textContent = notice;
  field('sign-in-notice').hidden = !notice;
  setError('password-error', '');
  textInput('#password').value = '';
  const email = textInput('#email');
  (email.value ? textInput('#password') : email).focus();
}

function showCodeStep(login: string) {
  showView('code', 'code.title');
  field('code-login').textContent = login;
  setError('code-error', '');
  const code = textInput('#code');
  code.value = '';
  code.focus();
}

function renderMfaSummary(element: HTMLElement, state: MfaState) {
  const badge = document.createElement('span');
  badge.className = `badge badge-${state}`;
  badge.textContent = t(`state.${state}`);
  const text = document.createElement('span');
  text.textContent = t(`state.${state}Text`);
  element.replaceChildren(badge, text);
}

function renderSettings() {
  if (!profile) return;
  field('who-name').textContent = profile.displayName || profile.login;
  field('overview-login').textContent = profile.login;
  field('profile-name').textContent = profile.displayName;
  field('profile-login').textContent = profile.login;
  renderMfaSummary(field('overview-mfa'), profile.mfaState);
  renderMfaSummary(field('profile-mfa'), profile.mfaState);
  element('[data-field="language"]', HTMLSelectElement).value = pageLanguage();
  // Once MFA is on the Enable option is gone for good: only support can turn MFA off.
  for (const element of all('[data-when="can-enrol"]')) element.hidden = !profile.canEnrollMfa;
  for (const element of all('[data-when="mfa-on"]')) element.hidden = profile.mfaState !== 'on';
}

/** Shows the settings panel named by the address's fragment (#my-profile, #my-profile/mfa). */
function route({ focus } = { focus: true }) {
  if (!profile) return;
  const place = location.hash.replace(/^#/, '');
  const panel = place.startsWith('my-profile') ? 'my-profile' : 'overview';
  const subpanel = place === 'my-profile/mfa' ? 'mfa' : 'details';
  showView('settings', panel === 'overview' ? 'settings.title' : subpanel === 'mfa' ? 'mfa.title' : 'settings.myProfile');
  for (const element of all('[data-panel]')) element.hidden = element.getAttribute('data-panel') !== panel;
  for (const element of all('[data-subpanel]')) element.hidden = element.getAttribute('data-subpanel') !== subpanel;
  for (const link of all('[data-nav]')) {
    const target = link.getAttribute('data-nav');
    const current = target === place || (target === 'my-profile' && link.closest('.side-nav') && panel === 'my-profile');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  renderSettings();
  if (focus) $(panel === 'overview' ? '#overview-title' : subpanel === 'mfa' ? '#mfa-title' : '#profile-title').focus();
}

async function loadProfile({ focus } = { focus: true }) {
  profile = await userApi('GET /v1/me');
  // Signed in, the pages speak the account's language.
  setLanguage(profile.locale);
  route({ focus });
}

/** The user chooses the language of their e-mails and of these pages; the server keeps it on the account. */
async function chooseLanguage(select: HTMLSelectElement) {
  const note = field('language-note');
  note.textContent = '';
  try {
    profile = await userApi('PUT /v1/me/language', { locale: select.value === 'de' ? 'de' : 'en' });
    setLanguage(profile.locale);
    writeTitle();
    renderSettings();
    note.textContent = t('page.languageSaved');
  } catch (error) {
    select.value = pageLanguage();
    note.textContent = messageOf(error);
  }
}

// ── actions ────────────────────────────────────────────────────────────────────────────────────

async function withBusyForm(form: HTMLFormElement, busyLabel: MessageKey, work: () => Promise<void>) {
  const button = submitButton(form);
  if (button.disabled) return;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = t(busyLabel);
  try {
    await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

async function submitPassword(form: HTMLFormElement) {
  const email = textInput('#email').value.trim();
  const password = textInput('#password').value;
  if (!email || !password) {
    setError('password-error', t('signIn.missing'));
    (email ? textInput('#password') : textInput('#email')).focus();
    return;
  }
  setError('password-error', '');
  await withBusyForm(form, 'signIn.busy', async () => {
    try {
      const result = await api('POST /v1/auth/login', { body: { email, password } });
      if (result.status === 'mfa_required') {
        pendingMfa = { token: result.mfaToken, login: email };
        showCodeStep(email);
      } else {
        saveSession(result.token, result.expiresAt);
        await loadProfile();
      }
    } catch (error) {
      setError('password-error', messageOf(error));
      textInput('#password').focus();
    }
  });
}

async function submitCode(form: HTMLFormElement) {
  const input = textInput('#code');
  const code = digitsOnly(input.value);
  input.value = code;
  if (code.length !== 6) {
    setError('code-error', t('code.wrong'));
    input.focus();
    return;
  }
  const pending = pendingMfa;
  if (!pending) {
    showSignIn(t('signIn.again'));
    return;
  }
  setError('code-error', '');
  await withBusyForm(form, 'code.busy', async () => {
    try {
      const result = await api('POST /v1/auth/mfa', { body: { mfaToken: pending.token, code } });
      pendingMfa = null;
      saveSession(result.token, result.expiresAt);
      await loadProfile();
    } catch (error) {
      // The password step expired: start again from it, saying why.
      if (error instanceof ApiError && error.code === 'unauthorized') {
        showSignIn(error.message);
        return;
      }
      setError('code-error', messageOf(error));
      input.focus();
      input.select();
    }
  });
}

function enableMfa(button: HTMLElement) {
  openMfaSetup({
    start: () => userApi('POST /v1/me/mfa/enrollment', {}),
    confirm: (code) => userApi('POST /v1/me/mfa/enrollment/confirm', { code }),
    returnFocusTo: button,
    onClose: ({ enrolled }) => {
      // Redraw from the server's word, so the page shows the true state whichever way the pop-up ended.
      void loadProfile({ focus: false }).then(
        () => enrolled && $('#mfa-title').focus(),
        () => undefined,
      );
    },
  });
}

// ── wiring ─────────────────────────────────────────────────────────────────────────────────────

function cleanCodeInput(input: HTMLInputElement) {
  input.addEventListener('paste', (event) => {
    event.preventDefault();
    input.value = digitsOnly(event.clipboardData?.getData('text') ?? '').slice(0, 6);
  });
  input.addEventListener('input', () => {
    const cleaned = digitsOnly(input.value).slice(0, 6);
    if (cleaned !== input.value) input.value = cleaned;
  });
}

/** Runs `submit` with the form instead of letting the browser send it. */
function onSubmit(form: HTMLElement, submit: (form: HTMLFormElement) => Promise<void>) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (event.currentTarget instanceof HTMLFormElement) void submit(event.currentTarget);
  });
}

function start() {
  translate();
  onSubmit(field('password-form'), submitPassword);
  const language = element('[data-field="language"]', HTMLSelectElement);
  language.addEventListener('change', () => void chooseLanguage(language));
  onSubmit(field('code-form'), submitCode);
  cleanCodeInput(textInput('#code'));
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    const action = target?.getAttribute('data-action');
    if (action === 'sign-out') signOut(t('signIn.signedOut'));
    else if (action === 'restart') signOut('');
    else if (action === 'enable-mfa' && target instanceof HTMLElement) enableMfa(target);
  });
  window.addEventListener('hashchange', () => route());

  if (!sessionToken()) {
    showSignIn();

    return;
  }
  loadProfile().catch((error: unknown) => {
    if (!(error instanceof ApiError && error.status === 401)) signOut(messageOf(error));
  });
}

start();
