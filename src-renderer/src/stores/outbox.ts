/** E-mails to the open account's user (with no SMTP configured, the outbox is where they wait). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Notification } from '../../../src-shared/api';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';

export const useOutboxStore = defineStore('outbox', () => {
  const accountId = ref<string | null>(null);
  const items = ref<Notification[]>([]);
  const loadState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const loadError = ref<string | null>(null);
  let seq = 0;

  /** Loads the account's e-mails; `quiet` keeps the current list on screen while it refreshes. */
  async function load(id: string, quiet = false) {
    const mine = ++seq;
    if (accountId.value !== id) {
      accountId.value = id;
      items.value = [];
      quiet = false;
    }
    if (!quiet) loadState.value = 'loading';
    loadError.value = null;
    const result = await callApi(window.api.outbox.list({ accountId: id }));
    if (mine !== seq) return;
    if (!result.ok) {
      loadState.value = 'error';
      loadError.value = result.error.message;
      return;
    }
    items.value = result.value.items;
    loadState.value = 'ready';
  }

  function reset() {
    seq++;
    accountId.value = null;
    items.value = [];
    loadState.value = 'idle';
    loadError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return { accountId, items, loadState, loadError, load, reset };
});
