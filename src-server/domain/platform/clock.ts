/** The backend's notion of now; injectable so tests can play a phone whose clock is off. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const iso = (d: Date) => d.toISOString();
export const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
