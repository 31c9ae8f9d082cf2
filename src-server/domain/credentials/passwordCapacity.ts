/**
 * Admission control in front of argon2. A password check costs ~30 ms of a core and 19 MiB, so the
 * server can only do a few dozen a second; past that, a queue only makes every sign-in late and steals
 * the cores from everything else. Each sign-in that will check a password takes a place first, before
 * its attempt is claimed: when the places are full it is answered 503 with Retry-After at once, and
 * nothing about the account (attempt counters, audit) is touched. The places are the checks that can
 * run at once (one per core) plus the line that the measured hashing rate clears within `maxWaitMs`.
 */
import { availableParallelism } from 'node:os';
import { verifyPassword } from './passwords.js';
import { DeskProblem } from '../platform/problems.js';

export type VerifyPassword = (hash: string | null, password: string) => Promise<boolean>;

export interface PasswordCapacity {
  /**
   * Runs one sign-in that checks a password, giving it `verify` to check with; throws 503 at once when
   * the hashing capacity is taken, before `signIn` starts.
   */
  admit<T>(signIn: (verify: VerifyPassword) => Promise<T>): Promise<T>;
  /** The current shape of the line, for metrics and the bench. */
  state(): { admitted: number; running: number; places: number; checksPerSecond: number };
}

export interface CapacityOptions {
  /** Password checks that run at once; one per core by default. */
  concurrency?: number;
  /** The longest a sign-in should wait in line for a check. */
  maxWaitMs?: number;
  /** What one check is assumed to take until some have been timed. */
  initialCheckMs?: number;
}

// argon2id with 19 MiB and t=2 takes about this long on one core of a current machine.
const INITIAL_CHECK_MS = 60;
// Each timed check moves the estimate this far towards itself: steady, yet follows a slower machine in a few dozen checks.
const SMOOTHING = 0.1;

export const signInBusy = (retryAfterSeconds: number) =>
  new DeskProblem(503, 'sign_in_busy', `Too many sign-ins at this moment. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
    params: { seconds: retryAfterSeconds },
  });

export function createPasswordCapacity(options: CapacityOptions = {}): PasswordCapacity {
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const maxWaitMs = options.maxWaitMs ?? 1000;
  let checkMs = options.initialCheckMs ?? INITIAL_CHECK_MS;
  let admitted = 0;
  let running = 0;
  const waiting: Array<() => void> = [];

  const checksPerSecond = () => (concurrency * 1000) / checkMs;
  const places = () => concurrency + Math.max(1, Math.floor((maxWaitMs * concurrency) / checkMs));

  async function verify(hash: string | null, password: string): Promise<boolean> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    const started = performance.now();
    try {
      return await verifyPassword(hash, password);
    } finally {
      checkMs += (performance.now() - started - checkMs) * SMOOTHING;
      // The slot passes straight to the next in line, so `running` never dips and a newcomer cannot jump it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    async admit(signIn) {
      if (admitted >= places()) throw signInBusy(Math.max(1, Math.ceil((admitted - concurrency + 1) / checksPerSecond())));
      admitted++;
      try {
        return await signIn(verify);
      } finally {
        admitted--;
      }
    },
    state: () => ({ admitted, running, places: places(), checksPerSecond: checksPerSecond() }),
  };
}
