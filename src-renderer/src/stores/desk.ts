/**
 * The desktop around the console: the keyboard shortcuts and the application menu's commands (both
 * arrive here as the same commands), mfa-desk:// links the main process checked and passed on, and the
 * notice that an update is ready to install, and the live work main watches.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useRouter } from 'vue-router';
import type { DeskCommand, DeskEvent } from '../../../src-shared/deskEvents';
import { useAccountsStore } from './accounts';
import { useLiveStore } from './live';
import { useSessionStore } from './session';

export const useDeskStore = defineStore('desk', () => {
  const router = useRouter();
  /** Help → Keyboard shortcuts is open. */
  const shortcutsOpen = ref(false);
  /** The version of a downloaded update that installs on restart, or null. */
  const updateReady = ref<string | null>(null);
  const updateNoticeDismissed = ref(false);

  function run(command: DeskCommand) {
    switch (command) {
      case 'findAccount': {
        // The search is only there for a signed-in agent; otherwise the key does nothing.
        const session = useSessionStore();
        if (!session.agent || !session.backendReady) return;
        shortcutsOpen.value = false;
        useAccountsStore().requestSearchFocus();
        if (router.currentRoute.value.name !== 'accounts') void router.push({ name: 'accounts' });
        return;
      }
      case 'openSettings':
        shortcutsOpen.value = false;
        void router.push({ name: 'settings' });
        return;
      case 'showShortcuts':
        shortcutsOpen.value = true;
        return;
    }
  }

  function receive(event: DeskEvent) {
    switch (event.kind) {
      case 'command':
        run(event.command);
        return;
      case 'openAccount':
        // Opened like a search result: the sign-in form comes first if nobody is signed in, then this account.
        shortcutsOpen.value = false;
        void router.push({ name: 'accounts', params: { id: event.accountId } });
        return;
      case 'updateReady':
        updateReady.value = event.version;
        updateNoticeDismissed.value = false;
        return;
      case 'liveWork':
        useLiveStore().show(event.work);
        return;
    }
  }

  function dismissUpdateNotice() {
    updateNoticeDismissed.value = true;
  }

  return { shortcutsOpen, updateReady, updateNoticeDismissed, run, receive, dismissUpdateNotice };
});
