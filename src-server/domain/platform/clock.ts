import { readFileSync } from 'node:fs';

/** The backend's notion of now; injectable so tests can play a phone whose clock is off. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads the time (milliseconds since the epoch) from a file on every call: the scale-out
 * test mode starts each instance as its own process with MFA_DESK_TEST_CLOCK_FILE, so the instances
 * and the test share the one clock the test moves by hand. The test replaces the file atomically.
 */
export function fileClock(file: string): Clock {
  return {
    now() {
      const ms = Number(readFileSync(file, 'utf8'));
      if (!Number.isFinite(ms)) throw new Error(`The clock file ${file} does not hold a time in milliseconds.`);
      return new Date(ms);
    },
  };
}

export const iso = (d: Date) => d.toISOString();
export const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
