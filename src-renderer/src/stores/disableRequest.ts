/**
 * A disable request on the open account: check the e-mail (or a typed sender), then either disable MFA
 * citing a verified request or escalate to an admin. The server decides; this store only asks and shows.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DisableRequest, Escalation, MfaDisabled } from '../../../src-shared/api';
import type { Incoming } from '../../../src-shared/intakeApi';
import type { IpcError, IpcResult } from '../../../src-shared/ipc';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import { useAccountsStore } from './accounts';

export interface ReasonForm {
  reason: string;
  ticketRef: string;
}

export const useDisableRequestStore = defineStore('disableRequest', () => {
  /** The account everything below belongs to; another account starts afresh. */
  const accountId = ref<string | null>(null);
  const request = ref<DisableRequest | null>(null);
  const checking = ref(false);
  const checkError = ref<IpcError | null>(null);
  const disabling = ref(false);
  const disableError = ref<IpcError | null>(null);
  const disabled = ref<MfaDisabled | null>(null);
  const escalating = ref(false);
  const escalateError = ref<IpcError | null>(null);
  const escalation = ref<Escalation | null>(null);
  /** The codes of the checked request's warnings the agent ticked; the server refuses a disable without all of them. */
  const acknowledged = ref<string[]>([]);
  const allAcknowledged = computed(() => (request.value?.warnings ?? []).every((w) => acknowledged.value.includes(w.code)));
  /** The pasted source, kept here so a message that could not be read stays in the box to be fixed. */
  const pastedText = ref('');
  /** A message dropped or pasted anywhere in the window, waiting for its account's panel to check it. */
  const incoming = ref<{ accountId: string; rawBase64: string; pasted: string } | null>(null);
  /** The Incoming queue's item the request came from: its checked request is on the server already. */
  const fromIncoming = ref<Incoming | null>(null);
  // A newer check supersedes an older one still in flight.
  let seq = 0;

  function forAccount(id: string) {
    if (accountId.value !== id) reset(id);
  }

  function reset(id: string | null = null) {
    seq++;
    accountId.value = id;
    request.value = null;
    checking.value = false;
    checkError.value = null;
    disabling.value = false;
    disableError.value = null;
    disabled.value = null;
    escalating.value = false;
    escalateError.value = null;
    escalation.value = null;
    acknowledged.value = [];
    pastedText.value = '';
    fromIncoming.value = null;
  }

  /** Opens an Incoming item on its account: the request the mailbox intake checked, ready to act on. */
  function present(id: string, checked: DisableRequest | null, item: Incoming) {
    reset(id);
    request.value = checked;
    fromIncoming.value = item;
  }

  /** Hands a message caught anywhere in the window to the account's panel, which checks it once open. */
  function deliver(accountId: string, rawBase64: string, pasted: string) {
    incoming.value = { accountId, rawBase64, pasted };
  }

  /** The panel of `id` is open: check the message waiting for it, if any. */
  function takeIncoming(id: string) {
    const waiting = incoming.value;
    if (!waiting || waiting.accountId !== id || accountId.value !== id) return;
    incoming.value = null;
    pastedText.value = waiting.pasted;
    void checkMessage(waiting.rawBase64);
  }

  /** Clears the verdict to check another message. */
  function startOver() {
    reset(accountId.value);
  }

  async function runCheck(call: (id: string) => Promise<IpcResult<DisableRequest>>) {
    const id = accountId.value;
    if (!id) return;
    const mine = ++seq;
    checking.value = true;
    checkError.value = null;
    const result = await callApi(call(id));
    if (mine !== seq) return;
    checking.value = false;
    if (!result.ok) {
      checkError.value = result.error;
      return;
    }
    request.value = result.value;
    acknowledged.value = [];
    disabled.value = null;
    escalation.value = null;
    // The check is audited: the history should show it.
    void useAccountsStore().refreshAccount();
  }

  const checkMessage = (rawBase64: string) => runCheck((id) => window.api.disableRequests.checkMessage({ accountId: id, rawBase64 }));
  const checkTypedSender = (senderAddress: string) =>
    runCheck((id) => window.api.disableRequests.checkTypedSender({ accountId: id, senderAddress: senderAddress.trim() }));

  function acknowledge(code: string, seen: boolean) {
    acknowledged.value = seen ? [...new Set([...acknowledged.value, code])] : acknowledged.value.filter((c) => c !== code);
  }

  function showLocalError(message: string) {
    checkError.value = { code: 'console_input', message };
  }

  /** Returns true when MFA was turned off. The key comes from the confirm dialog, so a double click acts once. */
  async function disable(form: ReasonForm, idempotencyKey: string): Promise<boolean> {
    const id = accountId.value;
    const req = request.value;
    if (!id || !req || disabling.value) return false;
    disabling.value = true;
    disableError.value = null;
    const result = await callApi(
      window.api.mfa.disable({
        accountId: id,
        requestId: req.id,
        reason: form.reason.trim(),
        ticketRef: form.ticketRef.trim(),
        acknowledgedWarnings: [...acknowledged.value],
        idempotencyKey,
      }),
    );
    disabling.value = false;
    if (accountId.value !== id) return false;
    if (!result.ok) {
      disableError.value = result.error;
      return false;
    }
    disabled.value = result.value;
    request.value = result.value.request;
    await useAccountsStore().refreshAccount(result.value.account);
    return true;
  }

  async function escalate(form: ReasonForm & { justification: string }): Promise<boolean> {
    const id = accountId.value;
    if (!id || escalating.value) return false;
    escalating.value = true;
    escalateError.value = null;
    const result = await callApi(
      window.api.escalations.create({
        accountId: id,
        ...(request.value ? { requestId: request.value.id } : {}),
        justification: form.justification.trim(),
        reason: form.reason.trim(),
        ticketRef: form.ticketRef.trim(),
      }),
    );
    escalating.value = false;
    if (accountId.value !== id) return false;
    if (!result.ok) {
      escalateError.value = result.error;
      return false;
    }
    escalation.value = result.value;
    void useAccountsStore().refreshAccount();
    return true;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    accountId,
    request,
    checking,
    checkError,
    disabling,
    disableError,
    disabled,
    escalating,
    escalateError,
    escalation,
    acknowledged,
    allAcknowledged,
    pastedText,
    incoming,
    fromIncoming,
    present,
    deliver,
    takeIncoming,
    forAccount,
    reset,
    startOver,
    checkMessage,
    checkTypedSender,
    showLocalError,
    acknowledge,
    disable,
    escalate,
  };
});
