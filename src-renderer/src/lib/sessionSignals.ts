/**
 * The two things every store must hear about the session, without importing the session store (which
 * would make each feature store and the session store import each other):
 * - the session changed (another agent or backend, or signed out): what was loaded belongs to someone else;
 * - a call answered that the session has ended: the session store asks main for its status again.
 */
type Listener = () => void;

const changeListeners = new Set<Listener>();
const endedListeners = new Set<Listener>();

/** `reset` runs whenever the agent or backend changes; returns the function that stops it. */
export function onSessionChange(reset: Listener): () => void {
  changeListeners.add(reset);
  return () => changeListeners.delete(reset);
}

export function announceSessionChange(): void {
  for (const listener of [...changeListeners]) listener();
}

/** `listener` runs when a call says the agent's session has ended. */
export function onSessionEnded(listener: Listener): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

export function announceSessionEnded(): void {
  for (const listener of [...endedListeners]) listener();
}
