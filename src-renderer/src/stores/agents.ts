/**
 * Agent management for admins (invite, role, disable, reset an agent's MFA) and the data-subject export.
 * Secrets never reach the page: main writes them to a file the admin chose and reports only its path.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ManagedAgent } from '../../../src-shared/auditApi';
import type { Role } from '../../../src-shared/domain';
import type { IpcResult, SavedFile } from '../../../src-shared/ipc';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import type { LoadState } from '../../../src-shared/ipc';

/** What an action ended in, for the page to say plainly. */
export type ActionOutcome = { ok: true; savedTo: string | null; agent: ManagedAgent | null } | { ok: false; message: string };

export const useAgentsStore = defineStore('agents', () => {
  const agents = ref<ManagedAgent[]>([]);
  const listState = ref<LoadState>('idle');
  const listError = ref<string | null>(null);
  /** The agent id an action is running for ('new' while inviting), so its row shows it. */
  const busyId = ref<string | null>(null);
  let listSeq = 0;

  const sorted = computed(() => [...agents.value].sort((a, b) => a.displayName.localeCompare(b.displayName)));

  async function load() {
    const mine = ++listSeq;
    if (!agents.value.length) listState.value = 'loading';
    listError.value = null;
    const result = await callApi(window.api.agents.list(undefined));
    if (mine !== listSeq) return;
    if (result.ok) {
      agents.value = result.value.items;
      listState.value = 'ready';
    } else {
      listError.value = result.error.message;
      if (!agents.value.length) listState.value = 'error';
    }
  }

  function put(agent: ManagedAgent) {
    const index = agents.value.findIndex((a) => a.id === agent.id);
    if (index >= 0) agents.value.splice(index, 1, agent);
    else agents.value.push(agent);
  }

  async function run(id: string, call: Promise<IpcResult<{ agent: ManagedAgent | null; savedTo: string | null }>>): Promise<ActionOutcome> {
    busyId.value = id;
    const result = await callApi(call);
    busyId.value = null;
    if (!result.ok) {
      return { ok: false, message: result.error.message };
    }
    if (result.value.agent) put(result.value.agent);
    return { ok: true, ...result.value };
  }

  function invite(form: { email: string; displayName: string; role: Role; reason: string }) {
    const reason = form.reason.trim();
    return run(
      'new',
      window.api.agents.invite({
        email: form.email.trim(),
        displayName: form.displayName.trim(),
        role: form.role,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  function setRole(id: string, role: Role, reason: string) {
    return run(id, wrap(window.api.agents.update({ id, role, reason: reason.trim() })));
  }

  function setDisabled(id: string, disabled: boolean, reason: string) {
    return run(id, wrap(window.api.agents.update({ id, disabled, reason: reason.trim() })));
  }

  function resetMfa(id: string, reason: string, ticketRef: string) {
    const ticket = ticketRef.trim();
    return run(id, window.api.agents.resetMfa({ id, reason: reason.trim(), ...(ticket ? { ticketRef: ticket } : {}) }));
  }

  /** agents.update answers with the agent alone; shaped like the others so `run` handles all four. */
  async function wrap(call: Promise<IpcResult<ManagedAgent>>): Promise<IpcResult<{ agent: ManagedAgent; savedTo: null }>> {
    const result = await call;
    return result.ok ? { ok: true, value: { agent: result.value, savedTo: null } } : result;
  }

  // ── data-subject access ───────────────────────────────────────────────────────────────────
  const subjectExporting = ref(false);
  const subjectSaved = ref<SavedFile | null>(null);
  const subjectError = ref<string | null>(null);

  async function exportSubject(accountId: string) {
    subjectExporting.value = true;
    subjectSaved.value = null;
    subjectError.value = null;
    const result = await callApi(window.api.subjectAccess.export({ accountId }));
    subjectExporting.value = false;
    // A null value: the save dialog was cancelled, nothing was exported.
    if (result.ok) subjectSaved.value = result.value;
    else {
      subjectError.value = result.error.message;
    }
  }

  function reset() {
    listSeq++;
    agents.value = [];
    listState.value = 'idle';
    listError.value = null;
    subjectSaved.value = null;
    subjectError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    agents,
    sorted,
    listState,
    listError,
    busyId,
    load,
    invite,
    setRole,
    setDisabled,
    resetMfa,
    subjectExporting,
    subjectSaved,
    subjectError,
    exportSubject,
    reset,
  };
});
