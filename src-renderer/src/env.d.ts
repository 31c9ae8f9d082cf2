/// <reference types="vite/client" />
import type { DeskApi } from '../../src-shared/ipc';

declare global {
  interface Window {
    /** The console's only way out of the page: operations the main process validates and runs. */
    api: DeskApi;
  }
}
