/**
 * The MFA set-up pop-up, in the user guide's steps: install Google Authenticator; set the phone's time
 * to automatic; scan the QR code (or open its text version); type the 6-digit code. Used by the
 * settings page and by the re-enrolment link page, which differ only in the two calls passed in.
 * The secret lives only in this dialog's DOM, which is removed when the dialog closes.
 */
import type { Enrollment } from '../src-shared/api';
import { ApiError, digitsOnly, messageOf } from './api';
import { $, all, element, field } from './dom';
import { t, translate } from './i18n';

// Static markup only, its texts from the catalogues (translate): everything that comes from the server is set with textContent or attributes.
const MARKUP = `
  <div class="dialog-head">
    <h2 id="mfa-setup-title" data-i18n="setup.title"></h2>
    <button type="button" class="icon-button" data-action="close" data-i18n-attrs="aria-label=setup.close">&times;</button>
  </div>
  <ol class="step-progress" data-i18n-attrs="aria-label=setup.steps">
    <li data-marker="install" data-i18n="setup.stepInstall"></li>
    <li data-marker="time" data-i18n="setup.stepTime"></li>
    <li data-marker="scan" data-i18n="setup.stepScan"></li>
    <li data-marker="code" data-i18n="setup.stepCode"></li>
  </ol>

  <section data-screen="install" aria-labelledby="mfa-step-1">
    <h3 id="mfa-step-1" tabindex="-1"><span class="step-number">1</span> <span data-i18n="setup.install"></span></h3>
    <p data-i18n="setup.installText"></p>
    <div class="dialog-actions">
      <button type="button" class="primary" data-action="next" data-i18n="setup.next"></button>
    </div>
  </section>

  <section data-screen="time" aria-labelledby="mfa-step-2" hidden>
    <h3 id="mfa-step-2" tabindex="-1"><span class="step-number">2</span> <span data-i18n="setup.time"></span></h3>
    <p data-i18n="setup.timeText"></p>
    <aside class="important" data-i18n-attrs="aria-label=mfa.important">
      <p class="important-title" data-i18n="mfa.important"></p>
      <ul>
        <li data-i18n="setup.timePhone"></li>
        <li data-i18n="setup.timeComputer"></li>
      </ul>
    </aside>
    <div class="dialog-actions">
      <button type="button" data-action="back" data-i18n="setup.back"></button>
      <button type="button" class="primary" data-action="next" data-i18n="setup.next"></button>
    </div>
  </section>

  <section data-screen="scan" aria-labelledby="mfa-step-3" hidden>
    <h3 id="mfa-step-3" tabindex="-1"><span class="step-number">3</span> <span data-i18n="setup.scan"></span></h3>
    <p class="hint" data-i18n="setup.scanHint"></p>
    <div class="qr-box">
      <p class="qr-loading" data-field="qr-loading"></p>
      <img data-field="qr" data-i18n-attrs="alt=setup.qrAlt" hidden>
      <button type="button" data-action="retry-qr" data-i18n="setup.qrRetry" hidden></button>
    </div>
    <details class="text-version" data-field="text-version" hidden>
      <summary data-i18n="setup.textVersion"></summary>
      <p data-i18n="setup.textVersionHow"></p>
      <dl class="key-table">
        <dt data-i18n="setup.account"></dt><dd data-field="account-name"></dd>
        <dt data-i18n="setup.key"></dt><dd><code class="secret-key" data-field="secret"></code></dd>
        <dt data-i18n="setup.keyType"></dt><dd data-i18n="setup.timeBased"></dd>
      </dl>
      <p class="hint" data-i18n="setup.keySpaces"><a data-field="otpauth-link" data-slot="link" href="#" data-i18n="setup.addDirectly"></a></p>
    </details>

    <form class="code-form" data-field="code-form" novalidate>
      <h3 id="mfa-step-4"><span class="step-number">4</span> <span data-i18n="setup.code"></span></h3>
      <label for="mfa-setup-code" data-i18n="code.label"></label>
      <p class="hint" id="mfa-setup-code-hint" data-i18n="code.hint"></p>
      <input id="mfa-setup-code" name="code" class="code-input" type="text" inputmode="numeric" autocomplete="one-time-code"
        pattern="[0-9]{6}" maxlength="6" spellcheck="false" aria-describedby="mfa-setup-code-hint mfa-setup-error">
      <p class="error" id="mfa-setup-error" aria-live="assertive"></p>
      <div class="dialog-actions">
        <button type="button" data-action="back" data-i18n="setup.back"></button>
        <button type="submit" class="primary" data-i18n="setup.submit"></button>
      </div>
    </form>
  </section>

  <section data-screen="done" aria-labelledby="mfa-done" hidden>
    <h3 id="mfa-done" tabindex="-1" class="success-title" data-i18n="setup.done"></h3>
    <p data-i18n="setup.doneSignIn"></p>
    <p data-i18n="setup.doneOnlySupport"></p>
    <div class="dialog-actions">
      <button type="button" class="primary" data-action="close" data-i18n="setup.doneButton"></button>
    </div>
  </section>
`;

const SCREENS = ['install', 'time', 'scan', 'done'] as const;
type Screen = (typeof SCREENS)[number];
/** The step markers at the top; the QR code and the code field share the scan screen. */
const MARKERS = ['install', 'time', 'scan', 'code'];

export interface MfaSetupOptions {
  /** Asks the server for a new secret (a new QR code). */
  start: () => Promise<Enrollment>;
  /** Sends the first code. */
  confirm: (code: string) => Promise<unknown>;
  onClose?: (result: { enrolled: boolean }) => void;
  /** Where focus goes when the pop-up closes without MFA turned on. */
  returnFocusTo?: HTMLElement | null;
}

/** Opens the set-up pop-up. */
export function openMfaSetup({ start, confirm, onClose, returnFocusTo }: MfaSetupOptions): HTMLDialogElement {
  const dialog = document.createElement('dialog');
  dialog.className = 'mfa-setup';
  dialog.setAttribute('aria-labelledby', 'mfa-setup-title');
  dialog.innerHTML = MARKUP;
  translate(dialog);
  document.body.append(dialog);

  const inDialog = (name: string) => field(name, dialog);
  const codeInput = element('#mfa-setup-code', HTMLInputElement, dialog);
  const errorLine = $('#mfa-setup-error', dialog);
  const submitButton = element('.code-form [type="submit"]', HTMLButtonElement, dialog);
  const qrImage = element('[data-field="qr"]', HTMLImageElement, dialog);
  const retryButton = $('[data-action="retry-qr"]', dialog);
  let screen: Screen = 'install';
  let enrolled = false;
  let qrState: 'none' | 'loading' | 'shown' | 'failed' = 'none';
  let busy = false;

  function show(next: Screen) {
    screen = next;
    for (const section of all('[data-screen]', dialog)) section.hidden = section.getAttribute('data-screen') !== next;
    const current = next === 'done' ? MARKERS.length : MARKERS.indexOf(next);
    for (const marker of all('[data-marker]', dialog)) {
      const index = MARKERS.indexOf(marker.getAttribute('data-marker') ?? '');
      // The QR code and the code field share one screen, as in the guide ("the field below the QR code").
      const isCurrent = index === current || (next === 'scan' && index === current + 1);
      marker.classList.toggle('current', isCurrent);
      marker.classList.toggle('done', index < current);
      if (index === current) marker.setAttribute('aria-current', 'step');
      else marker.removeAttribute('aria-current');
    }
    dialog.querySelector<HTMLElement>(`[data-screen="${next}"] h3`)?.focus();
    if (next === 'scan' && (qrState === 'none' || qrState === 'failed')) void loadQr();
  }

  function setError(message: string) {
    errorLine.textContent = message;
    codeInput.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  async function loadQr() {
    qrState = 'loading';
    const loading = inDialog('qr-loading');
    qrImage.hidden = true;
    inDialog('text-version').hidden = true;
    retryButton.setAttribute('hidden', '');
    loading.hidden = false;
    loading.textContent = t('setup.qrLoading');
    setError('');
    try {
      const enrollment = await start();
      if (!dialog.isConnected) return;
      qrImage.src = enrollment.qrCodeDataUrl;
      qrImage.hidden = false;
      loading.hidden = true;
      inDialog('account-name').textContent = enrollment.accountName;
      inDialog('secret').textContent = enrollment.secretText;
      inDialog('otpauth-link').setAttribute('href', enrollment.otpauthUri);
      inDialog('text-version').hidden = false;
      codeInput.value = '';
      qrState = 'shown';
    } catch (error) {
      qrState = 'failed';
      loading.textContent = t('setup.qrFailed');
      retryButton.removeAttribute('hidden');
      setError(messageOf(error));
    }
  }

  async function submitCode() {
    if (busy) return;
    const code = digitsOnly(codeInput.value);
    codeInput.value = code;
    if (qrState !== 'shown') {
      setError(t('setup.waitForQr'));
      return;
    }
    if (code.length !== 6) {
      setError(t('code.wrong'));
      codeInput.focus();
      return;
    }
    busy = true;
    submitButton.disabled = true;
    submitButton.textContent = t('code.busy');
    setError('');
    try {
      await confirm(code);
      enrolled = true;
      // The secret has done its job: drop it from the page before showing success.
      for (const name of ['secret', 'account-name']) inDialog(name).textContent = '';
      inDialog('otpauth-link').setAttribute('href', '#');
      qrImage.removeAttribute('src');
      show('done');
    } catch (error) {
      setError(messageOf(error));
      // A set-up restarted elsewhere, or none waiting: only a new QR code helps.
      if (error instanceof ApiError && (error.code === 'enrollment_changed' || error.code === 'no_factor')) {
        qrState = 'failed';
        retryButton.removeAttribute('hidden');
      }
      codeInput.focus();
      codeInput.select();
    } finally {
      busy = false;
      submitButton.disabled = false;
      submitButton.textContent = t('setup.submit');
    }
  }

  dialog.addEventListener('click', (event) => {
    const action = event.target instanceof Element ? event.target.closest('[data-action]')?.getAttribute('data-action') : undefined;
    const at = SCREENS.indexOf(screen);
    if (action === 'close') dialog.close();
    else if (action === 'next') show(SCREENS[at + 1] ?? screen);
    else if (action === 'back') show(SCREENS[at - 1] ?? screen);
    else if (action === 'retry-qr') void loadQr();
  });

  // People paste "123 456" from the app; maxlength would cut that to "123 45", so clean the paste first.
  codeInput.addEventListener('paste', (event) => {
    event.preventDefault();
    codeInput.value = digitsOnly(event.clipboardData?.getData('text') ?? '').slice(0, 6);
    setError('');
  });
  codeInput.addEventListener('input', () => {
    const cleaned = digitsOnly(codeInput.value).slice(0, 6);
    if (cleaned !== codeInput.value) codeInput.value = cleaned;
  });
  inDialog('code-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void submitCode();
  });

  // Escape closes the native modal dialog; whichever way it closes, clean up and hand focus back.
  dialog.addEventListener('close', () => {
    dialog.remove();
    // After success the page redraws (the Enable button is gone) and places focus itself.
    if (!enrolled) returnFocusTo?.focus();
    onClose?.({ enrolled });
  });

  dialog.showModal();
  show('install');
  return dialog;
}
