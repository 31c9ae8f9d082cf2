/**
 * Finding an account and looking at it: search as the agent types (debounced, late answers to older
 * queries dropped), more results by cursor, the open account and its history.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AccountDetail, AccountSummary, AuditEvent } from '../../../src-shared/api';
import { useCursorList } from '../lib/cursorList';
import { callApi } from '../lib/ipc';
import type { LoadState } from '../../../src-shared/ipc';
import { onSessionChange } from '../lib/sessionSignals';

const SEARCH_DEBOUNCE_MS = 150;
const SEARCH_PAGE_SIZE = 100;
const EVENTS_PAGE_SIZE = 30;

export const useAccountsStore = defineStore('accounts', () => {
  // ── search ────────────────────────────────────────────────────────────────────────────────
  const query = ref('');
  /** The query the shown results answer (the box may already hold a newer one). */
  const answeredQuery = ref('');
  const searchState = ref<LoadState>('idle');
  const searchError = ref<string | null>(null);
  /** Index of the result the arrow keys point at; -1 for none. */
  const highlighted = ref(-1);
  /** Set by Ctrl/Cmd+K; the search box takes focus and clears it. */
  const searchFocusPending = ref(false);

  // Every new query bumps this; an answer carrying an older number is dropped.
  let searchSeq = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const resultPages = useCursorList({ items: ref<AccountSummary[]>([]), generation: () => searchSeq });
  const results = resultPages.items;

  const highlightedAccount = computed(() => results.value[highlighted.value] ?? null);

  function setQuery(text: string) {
    query.value = text;
    scheduleSearch(SEARCH_DEBOUNCE_MS);
  }

  function scheduleSearch(delayMs: number) {
    clearTimeout(debounce);
    const seq = ++searchSeq;
    resultPages.resetMore();
    if (!query.value.trim()) {
      resultPages.clear();
      answeredQuery.value = '';
      highlighted.value = -1;
      searchState.value = 'idle';
      searchError.value = null;
      return;
    }
    searchState.value = 'loading';
    debounce = setTimeout(() => void runSearch(seq), delayMs);
  }

  async function runSearch(seq: number) {
    const q = query.value.trim();
    const result = await callApi(window.api.accounts.search({ q, limit: SEARCH_PAGE_SIZE }));
    if (seq !== searchSeq) return;
    answeredQuery.value = q;
    if (!result.ok) {
      searchState.value = 'error';
      searchError.value = result.error.message;
      return;
    }
    resultPages.show(result.value);
    // Nothing highlighted until the arrows are used: ArrowDown goes to the first result.
    highlighted.value = -1;
    searchError.value = null;
    searchState.value = 'ready';
  }

  function retrySearch() {
    scheduleSearch(0);
  }

  async function loadMore() {
    if (searchState.value !== 'ready') return;
    const q = answeredQuery.value;
    await resultPages.loadMore((cursor) => window.api.accounts.search({ q, cursor, limit: SEARCH_PAGE_SIZE }));
  }

  /** Moves the highlight by `delta` rows, fetching more when it reaches the end. */
  function moveHighlight(delta: number) {
    const count = results.value.length;
    if (!count) return;
    const next = Math.min(count - 1, Math.max(0, highlighted.value + delta));
    highlighted.value = next;
    if (next >= count - 5) void loadMore();
  }

  function highlight(index: number) {
    if (index >= 0 && index < results.value.length) highlighted.value = index;
  }

  function requestSearchFocus() {
    searchFocusPending.value = true;
  }

  function searchFocused() {
    searchFocusPending.value = false;
  }

  // ── the open account ──────────────────────────────────────────────────────────────────────
  const selectedId = ref<string | null>(null);
  const account = ref<AccountDetail | null>(null);
  const accountState = ref<LoadState>('idle');
  const accountError = ref<string | null>(null);
  const eventsState = ref<LoadState>('idle');
  const eventsError = ref<string | null>(null);
  let accountSeq = 0;
  const eventPages = useCursorList({ items: ref<AuditEvent[]>([]), generation: () => accountSeq });

  /** Loads an account and the first page of its history; a later call supersedes an earlier one. */
  async function openAccount(id: string) {
    if (selectedId.value === id && accountState.value !== 'error') return;
    selectedId.value = id;
    const index = results.value.findIndex((a) => a.id === id);
    if (index >= 0) highlighted.value = index;
    await reloadAccount();
  }

  /** The account and the first page of its history, asked for together. */
  function fetchAccount(id: string) {
    return Promise.all([callApi(window.api.accounts.get({ id })), callApi(window.api.accounts.events({ id, limit: EVENTS_PAGE_SIZE }))]);
  }

  async function reloadAccount() {
    const id = selectedId.value;
    if (!id) return;
    const seq = ++accountSeq;
    accountState.value = 'loading';
    accountError.value = null;
    eventsState.value = 'loading';
    eventsError.value = null;
    eventPages.resetMore();
    const [detail, history] = await fetchAccount(id);
    if (seq !== accountSeq) return;
    if (detail.ok) {
      account.value = detail.value;
      accountState.value = 'ready';
    } else {
      account.value = null;
      accountError.value = detail.error.message;
      accountState.value = 'error';
    }
    if (history.ok) {
      eventPages.show(history.value);
      eventsState.value = 'ready';
    } else {
      eventPages.clear();
      eventsError.value = history.error.message;
      eventsState.value = 'error';
    }
  }

  /**
   * Reloads the open account and the first page of its history without the loading state, so what
   * the agent is working on stays on screen after an action changed the account. An action that
   * answered with the changed account passes it, and only the history is asked for.
   */
  async function refreshAccount(changed?: AccountDetail) {
    const id = selectedId.value;
    if (!id || accountState.value !== 'ready' || (changed && changed.id !== id)) return;
    const seq = ++accountSeq;
    const [detail, history] = changed
      ? [{ ok: true as const, value: changed }, await callApi(window.api.accounts.events({ id, limit: EVENTS_PAGE_SIZE }))]
      : await fetchAccount(id);
    if (seq !== accountSeq) return;
    if (detail.ok) {
      account.value = detail.value;
      // The result list shows the state too; keep it true without searching again.
      const listed = results.value.find((a) => a.id === id);
      if (listed) listed.mfaState = detail.value.mfa.state;
    }
    if (history.ok) {
      eventPages.show(history.value);
      eventsState.value = 'ready';
      eventPages.moreError.value = null;
    }
  }

  async function loadMoreEvents() {
    const id = selectedId.value;
    if (!id) return;
    await eventPages.loadMore((cursor) => window.api.accounts.events({ id, cursor, limit: EVENTS_PAGE_SIZE }));
  }

  function closeAccount() {
    accountSeq++;
    selectedId.value = null;
    account.value = null;
    accountState.value = 'idle';
    eventPages.clear();
    eventsState.value = 'idle';
  }

  /** Forgets everything: another agent or another backend must not see what this one loaded. */
  function reset() {
    query.value = '';
    scheduleSearch(0);
    closeAccount();
  }

  /** A failed call may mean the session ended: let the session store ask main what is true now. */

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    query,
    answeredQuery,
    results,
    nextCursor: resultPages.nextCursor,
    hasMore: resultPages.hasMore,
    searchState,
    searchError,
    loadingMore: resultPages.loadingMore,
    moreError: resultPages.moreError,
    highlighted,
    highlightedAccount,
    searchFocusPending,
    setQuery,
    retrySearch,
    loadMore,
    moveHighlight,
    highlight,
    requestSearchFocus,
    searchFocused,
    selectedId,
    account,
    accountState,
    accountError,
    events: eventPages.items,
    eventsCursor: eventPages.nextCursor,
    eventsState,
    eventsError,
    eventsLoadingMore: eventPages.loadingMore,
    eventsMoreError: eventPages.moreError,
    openAccount,
    reloadAccount,
    refreshAccount,
    loadMoreEvents,
    closeAccount,
    reset,
  };
});
