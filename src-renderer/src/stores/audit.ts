/**
 * The audit log as the Audit area reads it: filtered pages loaded by cursor as the table scrolls, the
 * chain's integrity check, and streamed exports with progress and cancel.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef, triggerRef } from 'vue';
import type { AuditEvent } from '../../../src-shared/api';
import type { AuditFilter, AuditVerification } from '../../../src-shared/auditApi';
import type { ExportJob, LoadState } from '../../../src-shared/ipc';
import { t } from '../i18n';
import { useCursorList } from '../lib/cursorList';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';

export const AUDIT_PAGE_SIZE = 500;
const EXPORT_POLL_MS = 250;

/** What the filter bar holds: text as typed, times as epoch milliseconds from the date pickers. */
export interface AuditFilterForm {
  actor: string;
  account: string;
  action: string | null;
  from: number | null;
  to: number | null;
}

const emptyFilters = (): AuditFilterForm => ({ actor: '', account: '', action: null, from: null, to: null });

/** The form as the IPC filter: blank fields left out, so the server sees only what was asked. */
export function toAuditFilter(form: AuditFilterForm): AuditFilter {
  const filter: AuditFilter = {};
  if (form.actor.trim()) filter.actor = form.actor.trim();
  if (form.account.trim()) filter.account = form.account.trim();
  if (form.action) filter.action = form.action;
  if (form.from !== null) filter.from = new Date(form.from).toISOString();
  if (form.to !== null) filter.to = new Date(form.to).toISOString();
  return filter;
}

// Rows are only read: each is frozen and kept out of reactivity.
const frozen = (event: AuditEvent) => markRaw(Object.freeze(event));

export const useAuditStore = defineStore('audit', () => {
  // ── the log ───────────────────────────────────────────────────────────────────────────────
  const filters = reactive<AuditFilterForm>(emptyFilters());
  /** The filter the loaded rows answer; export uses it too, so the file matches what is on screen. */
  const appliedFilter = ref<AuditFilter>({});
  // Up to 100,000 events: a plain array of frozen objects, never made deeply reactive.
  const rows = shallowRef<AuditEvent[]>([]);
  const logState = ref<LoadState>('idle');
  const logError = ref<string | null>(null);
  let logSeq = 0;
  const pages = useCursorList({
    items: rows,
    generation: () => logSeq,
    // Push in place and signal once: copying 100,000 rows per page would be the slow part.
    append: (items) => {
      for (const event of items) rows.value.push(frozen(event));
      triggerRef(rows);
    },
  });

  const filtered = computed(() => Object.keys(appliedFilter.value).length > 0);
  /** What the actor and account filters show for the ids they hold (a login, a name), never the id itself. */
  const filterLabels = reactive<Record<'actor' | 'account', string | null>>({ actor: null, account: null });

  /** Sets (or clears, with null) the actor or account filter from a picker, with the words to show for it. */
  function setPartyFilter(field: 'actor' | 'account', value: string | null, label: string | null) {
    filters[field] = value ?? '';
    filterLabels[field] = value ? label : null;
  }

  /** Loads the first page for the filters in the bar; an older answer arriving late is dropped. */
  async function applyFilters() {
    const mine = ++logSeq;
    appliedFilter.value = toAuditFilter(filters);
    logState.value = 'loading';
    logError.value = null;
    pages.resetMore();
    const result = await callApi(window.api.audit.list({ ...appliedFilter.value, limit: AUDIT_PAGE_SIZE }));
    if (mine !== logSeq) return;
    if (!result.ok) {
      pages.clear();
      logState.value = 'error';
      logError.value = result.error.message;
      return;
    }
    pages.show({ items: result.value.items.map(frozen), nextCursor: result.value.nextCursor });
    logState.value = 'ready';
  }

  /** Appends the next page; called by the table when its end comes near. */
  async function loadMore() {
    if (logState.value !== 'ready') return;
    const filter = appliedFilter.value;
    await pages.loadMore((cursor) => window.api.audit.list({ ...filter, cursor, limit: AUDIT_PAGE_SIZE }));
  }

  function clearFilters() {
    Object.assign(filters, emptyFilters());
    Object.assign(filterLabels, { actor: null, account: null });
    void applyFilters();
  }

  /** Narrows the log to one field's value (clicking an actor, say) and reloads. */
  function filterBy(field: 'actor' | 'account', value: string, label: string) {
    setPartyFilter(field, value, label);
    void applyFilters();
  }

  // ── integrity ─────────────────────────────────────────────────────────────────────────────
  const verification = ref<AuditVerification | null>(null);
  const verifying = ref(false);
  const verifyError = ref<string | null>(null);

  async function verify() {
    verifying.value = true;
    verifyError.value = null;
    verification.value = null;
    const result = await callApi(window.api.audit.verify(undefined));
    verifying.value = false;
    if (result.ok) verification.value = result.value;
    else {
      verifyError.value = result.error.message;
    }
  }

  // ── export ────────────────────────────────────────────────────────────────────────────────
  const job = ref<ExportJob | null>(null);
  const exportStarting = ref(false);
  const exportError = ref<string | null>(null);
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const exporting = computed(() => exportStarting.value || job.value?.status === 'running');

  async function startExport(format: 'csv' | 'jsonl') {
    if (exporting.value) return;
    exportStarting.value = true;
    exportError.value = null;
    job.value = null;
    const result = await callApi(window.api.audit.exportStart({ format, ...appliedFilter.value }));
    exportStarting.value = false;
    if (!result.ok) {
      exportError.value = result.error.message;
      return;
    }
    // Null: the save dialog was cancelled, nothing was started.
    job.value = result.value;
    if (job.value) schedulePoll();
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void poll(), EXPORT_POLL_MS);
  }

  async function poll() {
    const current = job.value;
    if (!current || current.status !== 'running') return;
    const result = await callApi(window.api.audit.exportProgress({ jobId: current.jobId }));
    if (job.value?.jobId !== current.jobId) return;
    if (!result.ok) {
      exportError.value = result.error.message;
      return;
    }
    job.value = result.value;
    if (result.value.status === 'running') schedulePoll();
  }

  async function cancelExport() {
    const current = job.value;
    if (!current || current.status !== 'running') return;
    const result = await callApi(window.api.audit.exportCancel({ jobId: current.jobId }));
    if (!result.ok) exportError.value = result.error.message;
    // The job settles (and removes its partial file) a moment after the abort: keep polling until it has.
    else schedulePoll();
  }

  /** "Show in folder": main opens the finished file's folder; where the shell cannot, the page says where the file is. */
  const revealNote = ref<string | null>(null);
  async function revealExport() {
    const current = job.value;
    if (!current || current.status !== 'done') return;
    const result = await callApi(window.api.audit.exportReveal({ jobId: current.jobId }));
    if (!result.ok) revealNote.value = result.error.message;
    else revealNote.value = result.value.shown ? null : t('audit.export.noFolders');
  }

  function dismissExport() {
    revealNote.value = null;
    if (job.value?.status === 'running') return;
    job.value = null;
    exportError.value = null;
  }

  /** Another agent or backend: what this one loaded must not stay on screen. */
  function reset() {
    logSeq++;
    clearTimeout(pollTimer);
    Object.assign(filters, emptyFilters());
    Object.assign(filterLabels, { actor: null, account: null });
    appliedFilter.value = {};
    pages.clear();
    logState.value = 'idle';
    logError.value = null;
    verification.value = null;
    verifyError.value = null;
    job.value = null;
    exportError.value = null;
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  onSessionChange(reset);

  return {
    filters,
    appliedFilter,
    rows,
    nextCursor: pages.nextCursor,
    hasMore: pages.hasMore,
    filtered,
    logState,
    logError,
    loadingMore: pages.loadingMore,
    moreError: pages.moreError,
    applyFilters,
    loadMore,
    clearFilters,
    filterBy,
    filterLabels,
    setPartyFilter,
    revealExport,
    revealNote,
    verification,
    verifying,
    verifyError,
    verify,
    job,
    exportStarting,
    exportError,
    exporting,
    startExport,
    cancelExport,
    dismissExport,
    reset,
  };
});
