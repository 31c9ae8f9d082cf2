/**
 * E-mails to the open account's user (with no SMTP configured, the outbox is where they wait), and
 * sending one whose delivery gave up again.
 */
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
  /** The e-mail being put back in the queue now, and why the last attempt to do so was refused. */
  const retrying = ref<string | null>(null);
  const retryError = ref<{ id: string; message: string } | null>(null);
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

  /** Puts a failed e-mail back in the queue (the server tries it at once), then shows the list as it stands. */
  async function retry(id: string) {
    if (retrying.value) return;
    retrying.value = id;
    retryError.value = null;
    const result = await callApi(window.api.outbox.retry({ emailId: id }));
    retrying.value = null;
    if (!result.ok) retryError.value = { id, message: result.error.message };
    if (accountId.value) await load(accountId.value, true);
  }

  function reset() {
    seq++;
    retrying.value = null;
    retryError.value = null;
    accountId.value = null;
    items.value = [];
    loadState.value = 'idle';
    loadError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return { accountId, items, loadState, loadError, retrying, retryError, load, retry, reset };
});
