/**
 * Settings → Support mailboxes: what main keeps for the embedded backend (never a password), saving it
 * (main checks it and restarts the backend), and each mailbox's status as the backend reports it.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MailboxSetup, MailboxSetupView } from '../../../src-shared/consoleApi';
import type { MailboxStatus } from '../../../src-shared/intakeApi';
import type { IpcError } from '../../../src-shared/ipc';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';
import { useSessionStore } from './session';

export const useIntakeSettingsStore = defineStore('intakeSettings', () => {
  const setup = ref<MailboxSetupView | null>(null);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const saveError = ref<IpcError | null>(null);
  const statuses = ref<MailboxStatus[] | null>(null);
  const statusError = ref<string | null>(null);

  async function load() {
    loadError.value = null;
    const result = await callApi(window.api.settings.mailboxes(undefined));
    if (result.ok) setup.value = result.value;
    else loadError.value = result.error.message;
  }

  /** The mailboxes' status from the backend; quiet when nobody may read it. */
  async function loadStatus() {
    const result = await callApi(window.api.intake.status(undefined));
    if (result.ok) {
      statuses.value = result.value.mailboxes;
      statusError.value = null;
    } else statusError.value = result.error.message;
  }

  /** True when saved (and the backend restarted with it); the refusal is in saveError. */
  async function save(input: MailboxSetup): Promise<boolean> {
    saving.value = true;
    saveError.value = null;
    statuses.value = null;
    const result = await callApi(window.api.settings.setMailboxes(input));
    saving.value = false;
    // The backend restarted and its admin session with it: the console takes the new one.
    await useSessionStore().refresh();
    if (!result.ok) {
      saveError.value = result.error;
      return false;
    }
    setup.value = result.value;
    await loadStatus();
    return true;
  }

  onSessionChange(() => {
    statuses.value = null;
    statusError.value = null;
  });

  return { setup, loadError, saving, saveError, statuses, statusError, load, loadStatus, save };
});
