/** The open account's sign-in attempts (password and code, right or wrong, with time and source address), by cursor. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SignInAttempt } from '../../../src-shared/api';
import type { LoadState } from '../../../src-shared/ipc';
import { useCursorList } from '../lib/cursorList';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';

const PAGE_SIZE = 20;

export const useSignInsStore = defineStore('signIns', () => {
  const accountId = ref<string | null>(null);
  const loadState = ref<LoadState>('idle');
  const loadError = ref<string | null>(null);
  let seq = 0;
  const pages = useCursorList({ items: ref<SignInAttempt[]>([]), generation: () => seq });

  /** The first page for `id`; `quiet` keeps the list on screen while it refreshes (after an action on the same account). */
  async function load(id: string, quiet = false) {
    const mine = ++seq;
    pages.resetMore();
    if (accountId.value !== id) {
      accountId.value = id;
      pages.clear();
      quiet = false;
    }
    if (!quiet) loadState.value = 'loading';
    loadError.value = null;
    const result = await callApi(window.api.accounts.signIns({ id, limit: PAGE_SIZE }));
    if (mine !== seq) return;
    if (!result.ok) {
      pages.clear();
      loadError.value = result.error.message;
      loadState.value = 'error';
      return;
    }
    pages.show(result.value);
    loadState.value = 'ready';
  }

  async function loadMore() {
    const id = accountId.value;
    if (!id) return;
    await pages.loadMore((cursor) => window.api.accounts.signIns({ id, cursor, limit: PAGE_SIZE }));
  }

  function reset() {
    seq++;
    accountId.value = null;
    pages.clear();
    pages.resetMore();
    loadState.value = 'idle';
    loadError.value = null;
  }

  onSessionChange(reset);

  return {
    accountId,
    items: pages.items,
    nextCursor: pages.nextCursor,
    loadingMore: pages.loadingMore,
    moreError: pages.moreError,
    loadState,
    loadError,
    load,
    loadMore,
    reset,
  };
});
