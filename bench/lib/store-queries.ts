import { performance } from 'node:perf_hooks';
import type { BenchResult } from '../types.js';
import { result } from './results.js';
import { median } from './stats.js';

/** Median wall time of one call, after a warm-up (prepared statements, page cache). */
export async function medianCallMs(fn: () => unknown, iterations: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface StoreQueryCase {
  metric: string;
  /** The call through the ZenStore. */
  zen: () => unknown;
  /** The same SQL on raw better-sqlite3: the floor. */
  floor: () => unknown;
  /** Asserts the zen call returns what it should, so a fast wrong answer cannot pass. */
  check?: () => Promise<unknown>;
  target: string;
  pass: (zenMs: number, floorMs: number) => boolean;
}

/** Times each store call against its raw-SQL floor, in the same run. */
export async function compareStoreQueries(scenario: string, cases: StoreQueryCase[], iterations: number, warmup: number): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { metric, zen, floor, check, target, pass } of cases) {
    await (check ?? zen)();
    const floorMs = await medianCallMs(floor, iterations, warmup);
    const zenMs = await medianCallMs(zen, iterations, warmup);
    results.push(
      result({
        scenario,
        metric: `${metric}: store call (median of ${iterations})`,
        value: zenMs,
        unit: 'ms',
        floor: { name: 'the same SQL on raw better-sqlite3', value: floorMs },
        target,
        pass: pass(zenMs, floorMs),
      }),
    );
  }
  return results;
}
