/**
 * The agent's live work as main watches it: escalations waiting, open alerts, the agent's own
 * re-enrolments with their step, and whether the backend can be reached. Main pushes every change
 * (window.api.events); the page asks once on load and after a Retry.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LiveWork } from '../../../src-shared/deskEvents';
import { callApi } from '../lib/ipc';
import { onSessionChange } from '../lib/sessionSignals';

const NOTHING: LiveWork = { connection: 'ok', problem: null, pendingEscalations: 0, alerts: null, myResets: [], incoming: null };

export const useLiveStore = defineStore('live', () => {
  const work = ref<LiveWork>(NOTHING);
  const retrying = ref(false);

  function show(next: LiveWork) {
    work.value = next;
  }

  /** Asks main what it sees now (main also sends it as an event). */
  async function load() {
    const result = await callApi(window.api.app.liveWork(undefined));
    if (result.ok) work.value = result.value;
  }

  /** The header's Retry: connect again, then look again. */
  async function retry() {
    retrying.value = true;
    await callApi(window.api.app.reconnect(undefined));
    await load();
    retrying.value = false;
  }

  // Another agent or backend: what the previous one had under way is not this one's.
  onSessionChange(() => {
    work.value = NOTHING;
    void load();
  });

  return { work, retrying, show, load, retry };
});
