/**
 * The "more by cursor" half of a paged list, shared by the stores: the cursor of the next page, the
 * state of fetching it, and the guard that drops a page answering a request the owner has moved on from.
 */
import { computed, ref, type Ref } from 'vue';
import type { IpcResult } from '../../../src-shared/ipc';
import { callApi } from './ipc';

/** One page as the paged operations return it. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorListOptions<T> {
  /** The list itself; the owner picks `ref` or `shallowRef` and keeps exposing it. */
  items: Ref<T[]>;
  /** The owner's request counter now: a page asked for under an older value is dropped on arrival. */
  generation: () => number;
  /** Adds a page to the list; by default the list is replaced by a longer copy. */
  append?: (items: T[]) => void;
}

export function useCursorList<T>(options: CursorListOptions<T>) {
  const { items } = options;
  const nextCursor = ref<string | null>(null);
  const loadingMore = ref(false);
  const moreError = ref<string | null>(null);
  const hasMore = computed(() => nextCursor.value !== null);
  const append = options.append ?? ((page: T[]) => (items.value = items.value.concat(page)));

  /** Shows a first page in place of whatever was loaded. */
  function show(page: CursorPage<T>) {
    items.value = page.items;
    nextCursor.value = page.nextCursor;
  }

  function clear() {
    items.value = [];
    nextCursor.value = null;
  }

  /** Forgets a "more" in flight or failed, before a new first page is asked for. */
  function resetMore() {
    loadingMore.value = false;
    moreError.value = null;
  }

  /** Appends the page after the current cursor; does nothing at the end or while a page is on its way. */
  async function loadMore(fetchPage: (cursor: string) => Promise<IpcResult<CursorPage<T>>>) {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    const generation = options.generation();
    loadingMore.value = true;
    moreError.value = null;
    const result = await callApi(fetchPage(cursor));
    if (generation !== options.generation()) return;
    loadingMore.value = false;
    if (!result.ok) {
      moreError.value = result.error.message;
      return;
    }
    append(result.value.items);
    nextCursor.value = result.value.nextCursor;
  }

  return { items, nextCursor, loadingMore, moreError, hasMore, show, clear, resetMore, loadMore };
}
