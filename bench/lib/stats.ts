import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of one call, in milliseconds. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Median wall time of `runs` calls after `warmup` untimed ones. */
export async function medianMs(runs: number, fn: () => unknown, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeMs(fn));
  return median(samples);
}

/**
 * Medians of several commands measured in turns (a, b, c, a, b, c, ...) rather than one
 * after the other, so a burst of load from another process on a shared machine hits them
 * all alike instead of skewing one of them.
 */
export async function interleavedMedians<K extends string>(runs: number, fns: Record<K, () => unknown>, warmup = 1): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  const samples = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + runs; round++) {
    for (const key of keys) {
      const ms = await timeMs(fns[key]);
      if (round >= warmup) samples[key].push(ms);
    }
  }
  return Object.fromEntries(keys.map((key) => [key, median(samples[key])])) as Record<K, number>;
}

export interface Times {
  wallMs: number;
  /** User + system CPU time of this whole process (all its threads) during the call. */
  cpuMs: number;
  /**
   * CPU time of the calling (JavaScript) thread alone: what the measured code itself cost,
   * without V8's compiler and GC helper threads or the thread pool working beside it (which
   * in a short-lived measurement is mostly the JIT's one-time optimizing). Linux only
   * (/proc/thread-self/schedstat, in nanoseconds); elsewhere the process's CPU time.
   */
  threadCpuMs: number;
}

/** CPU nanoseconds this thread has run, or undefined where the kernel does not say. */
function threadCpuNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/**
 * Wall and CPU time of one call. On a machine shared with other work the wall time grows
 * with the load while the CPU time mostly does not, so reporting both keeps figures honest.
 */
export async function timeBoth(fn: () => unknown): Promise<Times> {
  const cpu = process.cpuUsage();
  const thread = threadCpuNs();
  const start = performance.now();
  await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const threadNow = threadCpuNs();
  const cpuMs = (used.user + used.system) / 1000;
  return { wallMs, cpuMs, threadCpuMs: thread !== undefined && threadNow !== undefined ? (threadNow - thread) / 1e6 : cpuMs };
}

/** Medians (taken separately) of wall and CPU time over `runs` calls after `warmup` untimed ones. */
export async function medianTimes(runs: number, fn: () => unknown, warmup = 1): Promise<Times> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: Times[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeBoth(fn));
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), threadCpuMs: median(samples.map((s) => s.threadCpuMs)) };
}
