/** Timing helpers shared by the benches: run something n times, read percentiles off the sorted times. */

/** Milliseconds of each of `runs` sequential calls, sorted. */
export async function timings(run: (i: number) => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

/** The q-quantile of sorted times, to two decimals. */
export const quantile = (sorted: number[], q: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
