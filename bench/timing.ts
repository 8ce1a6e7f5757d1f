export interface Timing {
  /** Milliseconds, the median of the runs. */
  readonly median: number
  /** What the last run counted (rows, objects, resources): the work was done. */
  readonly count: number
}

/** Runs `fn` `runs` times in a row and keeps the median time and the last count. */
export async function timed(runs: number, fn: () => Promise<number>): Promise<Timing> {
  const times: number[] = []
  let count = 0
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    count = await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] ?? 0, count }
}
