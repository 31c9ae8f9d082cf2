/** Which backend the console uses and who is signed in, as the main process reports it. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppStatus, IpcError, IpcResult } from '../../../src-shared/ipc';
import type { BackendChoice, ConsoleLanguage } from '../../../src-shared/consoleApi';
import { systemLanguage, t } from '../i18n';
import { problemSentence } from '../i18n/problemText';
import { fieldProblems, settle } from '../lib/ipc';
import { announceSessionChange, onSessionEnded } from '../lib/sessionSignals';
import { roleAllows, type Permission } from '../../../src-shared/domain';

export interface SignInForm {
  email: string;
  password: string;
  code: string;
}

/** Identifies "the same backend, the same agent"; when it changes, what was loaded belongs to someone else. */
const sessionKey = (s: AppStatus | null) => (s ? `${s.mode}|${s.backendLabel}|${s.agent?.id ?? ''}` : '');

export const useSessionStore = defineStore('session', () => {
  const status = ref<AppStatus | null>(null);
  /** The status call is in flight (the first one can take seconds while the built-in backend starts). */
  const loading = ref(false);
  /** The status call itself failed (main unreachable), as opposed to the backend being down. */
  const statusError = ref<string | null>(null);
  const signingIn = ref(false);
  const signInError = ref<IpcError | null>(null);
  const signingOut = ref(false);
  const savingBackend = ref(false);

  const agent = computed(() => status.value?.agent ?? null);
  const backendReady = computed(() => status.value?.backendReady === true);
  const backendProblem = computed(() => {
    if (statusError.value) return statusError.value;
    if (status.value && !status.value.backendReady)
      return status.value.backendError ? problemSentence(status.value.backendError) : t('common.backendUnreachable');
    return null;
  });
  const signInFieldErrors = computed(() => fieldProblems(signInError.value));
  /** The computer's language as main read it (the menu and notifications speak it too); the browser's until main's status arrives. */
  const computerLanguage = computed(() => status.value?.systemLanguage ?? systemLanguage());
  /** What the console speaks: the agent's choice, else the computer's. */
  const language = computed(() => status.value?.language ?? computerLanguage.value);

  function apply(next: AppStatus) {
    const changed = sessionKey(next) !== sessionKey(status.value);
    status.value = next;
    // Another agent or backend: every store forgets what the previous one loaded.
    if (changed) announceSessionChange();
  }

  /** Whether the signed-in agent's role allows `permission`: the same table the server enforces. */
  const may = (permission: Permission) => agent.value !== null && roleAllows(agent.value.role, permission);

  /** Shows the starting/connecting state while main answers with its status. */
  async function awaitStatus(call: Promise<IpcResult<AppStatus>>) {
    loading.value = true;
    statusError.value = null;
    const result = await settle(call);
    loading.value = false;
    if (result.ok) apply(result.value);
    else statusError.value = result.error.message;
  }

  /** Asks main for the status (it connects at start; this waits for that). */
  const load = () => awaitStatus(window.api.app.status(undefined));
  /** "Try again" after the backend could not be reached: main connects anew. */
  const reconnect = () => awaitStatus(window.api.app.reconnect(undefined));

  /** Like load, without the waiting state: used after a call hints the session may have ended. */
  async function refresh() {
    if (loading.value) return;
    const result = await settle(window.api.app.status(undefined));
    if (result.ok) apply(result.value);
  }

  async function signIn(form: SignInForm): Promise<boolean> {
    signingIn.value = true;
    signInError.value = null;
    const result = await settle(window.api.session.signIn({ ...form, email: form.email.trim() }));
    signingIn.value = false;
    if (!result.ok) {
      signInError.value = result.error;
      return false;
    }
    apply(result.value);
    return true;
  }

  /** An invited agent replaces the one-time password; returns the error's sentence, or null. */
  async function changePassword(currentPassword: string, newPassword: string): Promise<string | null> {
    const result = await settle(window.api.session.changePassword({ currentPassword, newPassword }));
    if (!result.ok) return result.error.message;
    apply(result.value);
    return null;
  }

  // A call answered that the session ended: ask main who is signed in now.
  onSessionEnded(() => void refresh());

  function clearSignInError() {
    signInError.value = null;
  }

  /** Returns the error's sentence when signing out failed, or null. */
  async function signOut(): Promise<string | null> {
    signingOut.value = true;
    const result = await settle(window.api.session.signOut(undefined));
    signingOut.value = false;
    if (!result.ok) return result.error.message;
    apply(result.value);
    return null;
  }

  async function setBackend(choice: BackendChoice): Promise<IpcResult<AppStatus>> {
    savingBackend.value = true;
    const result = await settle(window.api.settings.setBackend(choice));
    savingBackend.value = false;
    if (result.ok) {
      statusError.value = null;
      apply(result.value);
    }
    return result;
  }

  /** Desktop notifications on or off; returns the problem, if any. */
  async function setNotifications(enabled: boolean): Promise<string | null> {
    const result = await settle(window.api.settings.setNotifications({ enabled }));
    if (!result.ok) return result.error.message;
    apply(result.value);
    return null;
  }

  /** Saves the agent's language in main's settings (null: follow the computer); the page follows the status. */
  async function setLanguage(language: ConsoleLanguage | null): Promise<IpcResult<AppStatus>> {
    const result = await settle(window.api.settings.setLanguage({ language }));
    if (result.ok) apply(result.value);
    return result;
  }

  return {
    status,
    loading,
    statusError,
    signingIn,
    signInError,
    signingOut,
    savingBackend,
    agent,
    backendReady,
    backendProblem,
    signInFieldErrors,
    computerLanguage,
    language,
    may,
    load,
    reconnect,
    refresh,
    signIn,
    changePassword,
    clearSignInError,
    signOut,
    setBackend,
    setNotifications,
    setLanguage,
  };
});
