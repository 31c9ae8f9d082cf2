/** The organisation MFA report and the alerts the big identity providers do not raise. */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { AlertList, MfaReport } from '../../../src-shared/auditApi';
import type { IpcError } from '../../../src-shared/ipc';
import { meansSignedOut, settle } from '../lib/ipc';
import type { LoadState } from './audit';
import { useSessionStore } from './session';

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
    if (!report.value) reportState.value = 'loading';
    reportError.value = null;
    const result = await settle(window.api.reports.mfa(undefined));
    if (mine !== reportSeq) return;
    if (result.ok) {
      report.value = result.value;
      reportState.value = 'ready';
    } else {
      reportError.value = result.error.message;
      if (!report.value) reportState.value = 'error';
      notice(result.error);
    }
  }

  async function loadAlerts() {
    const mine = ++alertsSeq;
    if (!alerts.value) alertsState.value = 'loading';
    alertsError.value = null;
    const result = await settle(window.api.alerts.list(undefined));
    if (mine !== alertsSeq) return;
    if (result.ok) {
      alerts.value = result.value;
      alertsState.value = 'ready';
    } else {
      alertsError.value = result.error.message;
      if (!alerts.value) alertsState.value = 'error';
      notice(result.error);
    }
  }

  function reset() {
    reportSeq++;
    alertsSeq++;
    report.value = null;
    reportState.value = 'idle';
    reportError.value = null;
    alerts.value = null;
    alertsState.value = 'idle';
    alertsError.value = null;
  }

  function notice(error: IpcError) {
    if (meansSignedOut(error)) void useSessionStore().refresh();
  }

  // Another agent or backend: nothing the previous one loaded may stay on screen.
  watch(() => useSessionStore().agent?.id, reset);

  return { report, reportState, reportError, alerts, alertsState, alertsError, loadReport, loadAlerts, reset };
});
