/**
 * The organisation MFA report, the accounts behind its gaps (paged by cursor, one list per gap) and the
 * alerts the big identity providers do not raise.
 */
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { GAP_KINDS, type AlertList, type GapEntry, type GapKind, type MfaReport } from '../../../src-shared/auditApi';
import { useCursorList } from '../lib/cursorList';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import type { LoadState } from '../../../src-shared/ipc';
import { recordOf } from '../../../src-shared/narrowing';

/** Rows per gap page: a screenful or two, whether the gap holds twenty accounts or a million. */
export const GAP_PAGE_SIZE = 50;

/** One gap's list: its first page when first shown, then more by cursor. */
function useGapList(kind: GapKind) {
  let seq = 0;
  const pages = useCursorList({ items: shallowRef<GapEntry[]>([]), generation: () => seq });
  const view = reactive({
    items: pages.items,
    state: ref<LoadState>('idle'),
    error: ref<string | null>(null),
    loadingMore: pages.loadingMore,
    moreError: pages.moreError,
    hasMore: pages.hasMore,
  });

  /** Loads the first page; rows already shown stay until the new ones arrive. */
  async function load() {
    const mine = ++seq;
    pages.resetMore();
    view.state = 'loading';
    view.error = null;
    const result = await callApi(window.api.reports.gaps({ kind, limit: GAP_PAGE_SIZE }));
    if (mine !== seq) return;
    if (!result.ok) {
      pages.clear();
      view.state = 'error';
      view.error = result.error.message;
      return;
    }
    pages.show(result.value);
    view.state = 'ready';
  }

  async function loadMore() {
    if (view.state !== 'ready') return;
    await pages.loadMore((cursor) => window.api.reports.gaps({ kind, cursor, limit: GAP_PAGE_SIZE }));
  }

  function reset() {
    seq++;
    pages.clear();
    pages.resetMore();
    view.state = 'idle';
    view.error = null;
  }

  return { view, load, loadMore, reset };
}

export const useAuditReportStore = defineStore('auditReport', () => {
  // Read-only snapshots: shallow, so Chart.js and the tables get plain objects.
  const report = shallowRef<MfaReport | null>(null);
  const reportState = ref<LoadState>('idle');
  const reportError = ref<string | null>(null);
  const alerts = shallowRef<AlertList | null>(null);
  const alertsState = ref<LoadState>('idle');
  const alertsError = ref<string | null>(null);
  let reportSeq = 0;
  let alertsSeq = 0;

  /** Loads the report; with one already shown, it stays on screen while the new one comes. */
  async function loadReport() {
    const mine = ++reportSeq;
    const refreshing = report.value !== null;
    if (!refreshing) reportState.value = 'loading';
    reportError.value = null;
    const result = await callApi(window.api.reports.mfa(undefined));
    if (mine !== reportSeq) return;
    if (result.ok) {
      report.value = result.value;
      reportState.value = 'ready';
      // New counts on the tabs: the lists under them are read again to match.
      if (refreshing) refreshGaps();
    } else {
      reportError.value = result.error.message;
      if (!report.value) reportState.value = 'error';
    }
  }

  // ── gaps ──────────────────────────────────────────────────────────────────────────────────
  const gapLists = recordOf(GAP_KINDS, useGapList);
  /** Each gap's rows and states, for the tables. */
  const gaps = reactive(recordOf(GAP_KINDS, (kind) => gapLists[kind].view));
  /** The gap shown; kept while the agent looks at an account and comes back. */
  const gapKind = ref<GapKind>('no_mfa');

  /** Shows a gap, loading its first page the first time (or after a failure). */
  function openGap(kind: GapKind) {
    gapKind.value = kind;
    const state = gaps[kind].state;
    if (state === 'idle' || state === 'error') void gapLists[kind].load();
  }

  function loadMoreGaps(kind: GapKind) {
    return gapLists[kind].loadMore();
  }

  function retryGap(kind: GapKind) {
    return gapLists[kind].load();
  }

  /** Forgets the gaps loaded but not on screen, and reloads the one that is (its rows stay meanwhile). */
  function refreshGaps() {
    for (const kind of GAP_KINDS) if (kind !== gapKind.value) gapLists[kind].reset();
    if (gaps[gapKind.value].state !== 'idle') void gapLists[gapKind.value].load();
  }

  // ── alerts ────────────────────────────────────────────────────────────────────────────────
  async function loadAlerts() {
    const mine = ++alertsSeq;
    if (!alerts.value) alertsState.value = 'loading';
    alertsError.value = null;
    const result = await callApi(window.api.alerts.list(undefined));
    if (mine !== alertsSeq) return;
    if (result.ok) {
      alerts.value = result.value;
      alertsState.value = 'ready';
    } else {
      alertsError.value = result.error.message;
      if (!alerts.value) alertsState.value = 'error';
    }
  }

  function reset() {
    reportSeq++;
    alertsSeq++;
    report.value = null;
    reportState.value = 'idle';
    reportError.value = null;
    for (const kind of GAP_KINDS) gapLists[kind].reset();
    gapKind.value = 'no_mfa';
    alerts.value = null;
    alertsState.value = 'idle';
    alertsError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    report,
    reportState,
    reportError,
    gaps,
    gapKind,
    alerts,
    alertsState,
    alertsError,
    loadReport,
    openGap,
    loadMoreGaps,
    retryGap,
    loadAlerts,
    reset,
  };
});
