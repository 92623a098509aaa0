// A fixed amount of CPU work, identical wherever it runs (step, worker thread, main thread).

/** Iterations of an xorshift loop; about half a second of one core on a 2020s server CPU. */
export const CPU_ITERATIONS = 300_000_000;

/** Self-contained (no closures) so its text can also run in a worker thread. */
export function burnCpu(iterations: number): number {
  let x = 2463534242;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x >>> 0;
}
