/**
 * Re-enrolment on a new phone for the open account: the current ticket, kept live by a long-poll loop
 * while the guide is open, the actions on it, and the clock check.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { IpcError } from '../../../src-shared/ipc';
import { t } from '../i18n';
import type { ClockCheckResult, EnrollmentTicket } from '../../../src-shared/resetApi';
import { callApi, meansSignedOut } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import { isOpenTicket } from '../lib/ticketSteps';
import { useAccountsStore } from './accounts';
import { useLiveStore } from './live';

export interface StartForm {
  channel: 'email' | 'phone';
  reason: string;
  ticketRef: string;
  revokeOldNow: boolean;
}

const WATCH_SECONDS = 20;
const RETRY_MS = 3000;

export const useNewPhoneStore = defineStore('newPhone', () => {
  const accountId = ref<string | null>(null);
  const ticket = ref<EnrollmentTicket | null>(null);
  const loadState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const loadError = ref<string | null>(null);
  const starting = ref(false);
  const startError = ref<IpcError | null>(null);
  const acting = ref<'cancel' | 'resend' | null>(null);
  const actionError = ref<string | null>(null);
  const actionNote = ref<string | null>(null);
  /** Set while a watch call keeps failing: live updates are paused and being retried. */
  const watchProblem = ref<string | null>(null);
  const clockChecking = ref(false);
  const clockResult = ref<ClockCheckResult | null>(null);
  const clockError = ref<string | null>(null);

  const isOpen = computed(() => ticket.value !== null && isOpenTicket(ticket.value.status));
  // Each open guide gets a number; a loop whose number is no longer current stops.
  let watchGeneration = 0;

  function clear(id: string | null) {
    stopWatching();
    accountId.value = id;
    ticket.value = null;
    loadState.value = 'idle';
    loadError.value = null;
    starting.value = false;
    startError.value = null;
    acting.value = null;
    actionError.value = null;
    actionNote.value = null;
    clockChecking.value = false;
    clockResult.value = null;
    clockError.value = null;
  }

  function clearClock() {
    clockResult.value = null;
    clockError.value = null;
  }

  function forAccount(id: string) {
    if (accountId.value !== id) clear(id);
  }

  /** Forgets everything (another agent signed in). */
  function reset() {
    clear(null);
  }

  async function loadCurrent() {
    const id = accountId.value;
    if (!id) return;
    loadState.value = 'loading';
    loadError.value = null;
    const result = await callApi(window.api.reset.current({ accountId: id }));
    if (accountId.value !== id) return;
    if (!result.ok) {
      loadState.value = 'error';
      loadError.value = result.error.message;
      return;
    }
    applyTicket(result.value.ticket);
    loadState.value = 'ready';
  }

  /** Takes a newer picture of the ticket; an older one (a late answer) is ignored. */
  function applyTicket(next: EnrollmentTicket | null) {
    const before = ticket.value;
    if (next && before && next.id === before.id && next.version < before.version) return;
    ticket.value = next;
    // A clock result belongs to the step it was read at: once the user has moved on, it would mislead.
    if (next?.id !== before?.id || next?.status !== before?.status) clearClock();
    // Enrolment (or a revocation at start) changed the account's MFA state: show it.
    if (next && before && next.id === before.id && next.status !== before.status && !isOpenTicket(next.status))
      void useAccountsStore().refreshAccount();
  }

  async function start(form: StartForm, idempotencyKey: string): Promise<boolean> {
    const id = accountId.value;
    if (!id || starting.value) return false;
    starting.value = true;
    startError.value = null;
    const result = await callApi(
      window.api.reset.start({ accountId: id, ...form, reason: form.reason.trim(), ticketRef: form.ticketRef.trim(), idempotencyKey }),
    );
    starting.value = false;
    if (accountId.value !== id) return false;
    if (!result.ok) {
      startError.value = result.error;
      return false;
    }
    applyTicket(result.value);
    actionNote.value = null;
    void useAccountsStore().refreshAccount();
    // The header's list of open re-enrolments shows it now, not at main's next look.
    void useLiveStore().load();
    return true;
  }

  async function act(kind: 'cancel' | 'resend') {
    const current = ticket.value;
    if (!current || acting.value) return;
    acting.value = kind;
    actionError.value = null;
    actionNote.value = null;
    const result = await callApi(
      kind === 'cancel' ? window.api.reset.cancel({ ticketId: current.id }) : window.api.reset.resend({ ticketId: current.id }),
    );
    acting.value = null;
    if (ticket.value?.id !== current.id) return;
    if (!result.ok) {
      actionError.value = result.error.message;
      return;
    }
    applyTicket(result.value);
    actionNote.value =
      kind === 'cancel' ? t('newPhone.cancelled') : t('newPhone.resent', { login: result.value.accountLogin, n: result.value.emailsSent });
    void useAccountsStore().refreshAccount();
  }

  /** Keeps the ticket live until it ends or stopWatching() is called (the guide closed). */
  async function watch() {
    const generation = ++watchGeneration;
    watchProblem.value = null;
    while (generation === watchGeneration && ticket.value && isOpenTicket(ticket.value.status)) {
      const current = ticket.value;
      const result = await callApi(window.api.reset.watch({ ticketId: current.id, after: current.version, waitSeconds: WATCH_SECONDS }));
      // The ticket may have been closed while the watch waited (flow analysis keeps the loop's narrowing across await).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (generation !== watchGeneration || ticket.value?.id !== current.id) return;
      if (result.ok) {
        watchProblem.value = null;
        applyTicket(result.value);
      } else {
        watchProblem.value = result.error.message;
        if (meansSignedOut(result.error)) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  function stopWatching() {
    watchGeneration++;
    watchProblem.value = null;
  }

  async function clockCheck(code: string) {
    const id = accountId.value;
    if (!id || clockChecking.value) return;
    clockChecking.value = true;
    clockError.value = null;
    const result = await callApi(window.api.reset.clockCheck({ accountId: id, code }));
    clockChecking.value = false;
    if (accountId.value !== id) return;
    if (!result.ok) {
      clockResult.value = null;
      clockError.value = result.error.message;
      return;
    }
    clockResult.value = result.value;
    void useAccountsStore().refreshAccount();
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    accountId,
    ticket,
    loadState,
    loadError,
    starting,
    startError,
    acting,
    actionError,
    actionNote,
    watchProblem,
    clockChecking,
    clockResult,
    clockError,
    isOpen,
    forAccount,
    reset,
    loadCurrent,
    start,
    act,
    watch,
    stopWatching,
    clockCheck,
  };
});
