/** Small helpers around `window.api` results, shared by the stores. */
import type { IpcError, IpcResult } from '../../../src-shared/ipc';
import { t } from '../i18n';
import { worded } from '../i18n/problemText';
import { announceSessionEnded } from './sessionSignals';

/**
 * Awaits an IPC call and turns a broken transport (a rejected promise) into an ordinary error result,
 * so stores handle exactly one shape of failure; an error's sentence is worded in the console's language.
 */
export async function settle<T>(call: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await call;
    return result.ok ? result : { ok: false, error: worded(result.error) };
  } catch {
    return {
      ok: false,
      error: { code: 'console_unreachable', message: t('common.mainUnreachable') },
    };
  }
}

/** Field problems keyed by the last segment of their path: `/body/email` → `email`. */
export function fieldProblems(error: IpcError | null): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of error?.fields ?? []) {
    const name = field.path.split('/').filter(Boolean).pop() ?? '';
    problems[name] ??= field.message;
  }
  return problems;
}

/** Codes meaning the agent's session is gone; the console then asks main for its status again. */
export function meansSignedOut(error: IpcError): boolean {
  return ['signed_out', 'unauthorized', 'session_expired', 'backend_unavailable'].includes(error.code);
}

/** Every store's call: `settle`, and a result that says the session ended tells the session store. */
export async function callApi<T>(call: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  const result = await settle(call);
  if (!result.ok && meansSignedOut(result.error)) announceSessionEnded();
  return result;
}
