/**
 * The Incoming queue: requests read from the support mailboxes, oldest first, a page at a time. An
 * agent claims an item before working it (the server lets one agent hold it), opens it on its account
 * with the checked request ready, answers the sender from a template, or lets it go again.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Incoming, IncomingStatusName, ReplyTemplate } from '../../../src-shared/intakeApi';
import type { IpcError } from '../../../src-shared/ipc';
import { useCursorList } from '../lib/cursorList';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import { useDisableRequestStore } from './disableRequest';

/** The queue's filters: waiting (open and unmatched, what an agent works), or one status on its own. */
export const INCOMING_FILTERS = ['waiting', 'unmatched', 'set_aside', 'done'] as const;
export type IncomingFilter = (typeof INCOMING_FILTERS)[number];

const PAGE = 50;
/** A live refresh re-reads what is on screen, up to the API's largest page. */
const MAX_PAGE = 200;

export type OpenOutcome = { kind: 'account'; accountId: string } | { kind: 'here' } | { kind: 'refused' };

export const useIncomingStore = defineStore('incoming', () => {
  const filter = ref<IncomingFilter>('waiting');
  const items = shallowRef<Incoming[]>([]);
  const loadState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const loadError = ref<string | null>(null);
  /** The item being claimed or opened, so its row shows progress and a double click acts once. */
  const busyId = ref<string | null>(null);
  /** Why the last claim was refused, on the row it was refused for. */
  const refusal = ref<{ id: string; error: IpcError } | null>(null);
  /** An item without an account (unmatched), claimed and worked on the queue's page itself. */
  const working = ref<Incoming | null>(null);
  const replying = ref(false);
  const replyError = ref<IpcError | null>(null);
  const repliedWith = ref<ReplyTemplate | null>(null);
  let generation = 0;
  const pages = useCursorList<Incoming>({ items, generation: () => generation });

  const statusOf = (f: IncomingFilter): IncomingStatusName | undefined => (f === 'waiting' ? undefined : f);

  /** The first page of the filter (or as many rows as are shown, for a live refresh). */
  async function load(next: IncomingFilter = filter.value, options: { keepShown?: boolean } = {}) {
    const mine = ++generation;
    if (next !== filter.value) pages.clear();
    filter.value = next;
    pages.resetMore();
    if (!options.keepShown) loadState.value = 'loading';
    loadError.value = null;
    const limit = options.keepShown ? Math.min(MAX_PAGE, Math.max(PAGE, items.value.length)) : PAGE;
    const status = statusOf(next);
    const page = await callApi(window.api.incoming.list({ limit, ...(status ? { status } : {}) }));
    if (mine !== generation) return;
    if (!page.ok) {
      loadState.value = 'error';
      loadError.value = page.error.message;
      return;
    }
    pages.show(page.value);
    loadState.value = 'ready';
  }

  function loadMore() {
    const status = statusOf(filter.value);
    return pages.loadMore((cursor) => window.api.incoming.list({ cursor, limit: PAGE, ...(status ? { status } : {}) }));
  }

  function replace(item: Incoming) {
    items.value = items.value.map((shown) => (shown.id === item.id ? item : shown));
    if (working.value?.id === item.id) working.value = item;
    const disable = useDisableRequestStore();
    if (disable.fromIncoming?.id === item.id) disable.fromIncoming = item;
  }

  /**
   * Claims the item (when the agent works the queue) and opens it: a matched item on its account with
   * the checked request handed to the disable-request panel; an unmatched one here. Refused when
   * another agent holds it.
   */
  async function open(item: Incoming, claim: boolean): Promise<OpenOutcome> {
    if (busyId.value) return { kind: 'refused' };
    busyId.value = item.id;
    refusal.value = null;
    try {
      if (claim) {
        const claimed = await callApi(window.api.incoming.claim({ id: item.id }));
        if (!claimed.ok) {
          refusal.value = { id: item.id, error: claimed.error };
          // What the server knows now (who holds it, or that it is done) replaces what the row showed.
          const fresh = await callApi(window.api.incoming.get({ id: item.id }));
          if (fresh.ok) replace(fresh.value.item);
          return { kind: 'refused' };
        }
        replace(claimed.value);
      }
      const detail = await callApi(window.api.incoming.get({ id: item.id }));
      if (!detail.ok) {
        refusal.value = { id: item.id, error: detail.error };
        return { kind: 'refused' };
      }
      replace(detail.value.item);
      replyError.value = null;
      repliedWith.value = null;
      const { account, request } = detail.value;
      if (account) {
        useDisableRequestStore().present(account.id, request, detail.value.item);
        return { kind: 'account', accountId: account.id };
      }
      working.value = detail.value.item;
      return { kind: 'here' };
    } finally {
      busyId.value = null;
    }
  }

  /** Gives the item back to the queue for another agent. */
  async function release(id: string): Promise<boolean> {
    const result = await callApi(window.api.incoming.release({ id }));
    if (!result.ok) {
      replyError.value = result.error;
      return false;
    }
    replace(result.value);
    if (working.value?.id === id) working.value = null;
    return true;
  }

  /**
   * One Idempotency-Key per reply until it is sent: a retry after a lost answer gets the same e-mail
   * back from the server instead of a second one.
   */
  const replyKeys = new Map<string, string>();

  /** Answers the sender from one of the server's templates, in the request's thread. */
  async function reply(id: string, template: ReplyTemplate): Promise<boolean> {
    if (replying.value) return false;
    replying.value = true;
    replyError.value = null;
    repliedWith.value = null;
    const slot = `${id} ${template}`;
    const idempotencyKey = replyKeys.get(slot) ?? crypto.randomUUID();
    replyKeys.set(slot, idempotencyKey);
    const result = await callApi(window.api.incoming.reply({ id, template, idempotencyKey }));
    replying.value = false;
    if (!result.ok) {
      replyError.value = result.error;
      return false;
    }
    replyKeys.delete(slot);
    repliedWith.value = template;
    return true;
  }

  function closeWorking() {
    working.value = null;
  }

  function reset() {
    generation++;
    filter.value = 'waiting';
    pages.clear();
    pages.resetMore();
    loadState.value = 'idle';
    loadError.value = null;
    busyId.value = null;
    replyKeys.clear();
    refusal.value = null;
    working.value = null;
    replying.value = false;
    replyError.value = null;
    repliedWith.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    filter,
    items,
    loadState,
    loadError,
    nextCursor: pages.nextCursor,
    hasMore: pages.hasMore,
    loadingMore: pages.loadingMore,
    moreError: pages.moreError,
    busyId,
    refusal,
    working,
    replying,
    replyError,
    repliedWith,
    load,
    loadMore,
    open,
    release,
    reply,
    closeWorking,
    reset,
  };
});
