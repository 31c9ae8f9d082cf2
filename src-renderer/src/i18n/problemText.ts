/**
 * Problems in the agent's language. Main and the backend send a stable `code` with an English sentence;
 * the console words every code it knows from its catalogue (`problems.<code>`), filled in with the
 * problem's params, and shows the English sentence only for a code it does not know (a newer backend) or
 * one that came without the values its sentence needs.
 */
import type { IpcError } from '../../../src-shared/ipc';
import { PROBLEM_CODES, PROBLEM_PARAMS, type ProblemCode, type ProblemParams } from '../../../src-shared/problems';
import { t } from './index';

const isProblemCode = (code: string): code is ProblemCode => (PROBLEM_CODES as readonly string[]).includes(code);

/** The sentence for a problem `code` in the console's language; `english` when the catalogue cannot say it. */
export function problemText(code: string, params: ProblemParams | undefined, english: string): string {
  if (!isProblemCode(code)) return english;
  const needed = PROBLEM_PARAMS[code] ?? [];
  if (!needed.every((name) => params?.[name] !== undefined)) return english;
  return t(`problems.${code}`, { ...params });
}

/** A problem main reports in a status or event (`{ code, message, params }`), in the console's language. */
export function problemSentence(problem: Pick<IpcError, 'code' | 'message' | 'params'>): string {
  return problemText(problem.code, problem.params, problem.message);
}

/**
 * The error with its `message` worded by `problemText`, read each time it is shown, so a notice that is
 * on screen follows a switch of language like the rest of the page.
 */
export function worded(error: IpcError): IpcError {
  const english = error.message;
  const shown: IpcError = { ...error };
  Object.defineProperty(shown, 'message', { enumerable: true, get: () => problemText(error.code, error.params, english) });
  return shown;
}
