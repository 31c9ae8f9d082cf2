/** The admins' escalation queue: disable requests that need a second person's decision. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Escalation } from '../../../src-shared/api';
import type { IpcError } from '../../../src-shared/ipc';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';

export const useEscalationsStore = defineStore('escalations', () => {
  const pending = ref<Escalation[]>([]);
  const decided = ref<Escalation[]>([]);
  const decidedCursor = ref<string | null>(null);
  const loadState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const loadError = ref<string | null>(null);
  const loadingMore = ref(false);
  const decidingId = ref<string | null>(null);
  const decideError = ref<IpcError | null>(null);
  let seq = 0;

  const pendingCount = computed(() => pending.value.length);

  /** Every pending escalation (oldest pages too), then the most recent decisions. */
  async function load() {
    const mine = ++seq;
    loadState.value = 'loading';
    loadError.value = null;
    const open: Escalation[] = [];
    let cursor: string | undefined;
    do {
      const page = await callApi(window.api.escalations.list({ status: 'pending', ...(cursor ? { cursor } : {}) }));
      if (mine !== seq) return;
      if (!page.ok) {
        fail(page.error);
        return;
      }
      open.push(...page.value.items);
      cursor = page.value.nextCursor ?? undefined;
    } while (cursor && open.length < 1000);
    const recent = await callApi(window.api.escalations.list({}));
    if (mine !== seq) return;
    if (!recent.ok) {
      fail(recent.error);
      return;
    }
    pending.value = open;
    decided.value = recent.value.items.filter((e) => e.status !== 'pending');
    decidedCursor.value = recent.value.nextCursor;
    loadState.value = 'ready';
  }

  function fail(error: IpcError) {
    loadState.value = 'error';
    loadError.value = error.message;
  }

  async function loadMoreDecided() {
    const cursor = decidedCursor.value;
    if (!cursor || loadingMore.value) return;
    loadingMore.value = true;
    const page = await callApi(window.api.escalations.list({ cursor }));
    loadingMore.value = false;
    if (!page.ok) {
      loadError.value = page.error.message;
      return;
    }
    decided.value = decided.value.concat(page.value.items.filter((e) => e.status !== 'pending'));
    decidedCursor.value = page.value.nextCursor;
  }

  /** Approves or rejects; the key comes from the dialog, so a double click decides once. */
  async function decide(
    id: string,
    decision: { approve: boolean; note: string; confirmLogin?: string },
    idempotencyKey: string,
  ): Promise<Escalation | null> {
    if (decidingId.value) return null;
    decidingId.value = id;
    decideError.value = null;
    const { approve, note, confirmLogin } = decision;
    // The typed login goes as typed: the server compares it letter for letter.
    const typed = confirmLogin === undefined ? {} : { confirmLogin };
    const result = await callApi(window.api.escalations.decide({ id, approve, note: note.trim(), ...typed, idempotencyKey }));
    decidingId.value = null;
    if (!result.ok) {
      decideError.value = result.error;
      return null;
    }
    pending.value = pending.value.filter((e) => e.id !== id);
    decided.value = [result.value, ...decided.value.filter((e) => e.id !== id)];
    return result.value;
  }

  function clearDecideError() {
    decideError.value = null;
  }

  function reset() {
    seq++;
    pending.value = [];
    decided.value = [];
    decidedCursor.value = null;
    loadState.value = 'idle';
    loadError.value = null;
    decideError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    pending,
    decided,
    decidedCursor,
    loadState,
    loadError,
    loadingMore,
    decidingId,
    decideError,
    pendingCount,
    load,
    loadMoreDecided,
    decide,
    clearDecideError,
    reset,
  };
});
