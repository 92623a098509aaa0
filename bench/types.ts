/**
 * One figure a benchmark scenario reports. A scenario is `bench/scenarios/<name>.bench.ts`
 * with `export default async function (): Promise<BenchResult[]>`; `npm run bench` runs
 * each in its own process and writes docs/benchmarks.md from these.
 */
export interface BenchResult {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** The same work done without zenml (e.g. `node -e 0`, raw copyFile), measured in the same run. */
  floor?: { name: string; value: number };
  /** value / floor, or whatever comparison the target is stated in (e.g. a speed-up). */
  ratio?: number;
  /** The goal in words, e.g. "≤ 1 ms per step" or "≥ 85 % of raw". */
  target?: string;
  /** Whether the target was met; absent when there is no target. */
  pass?: boolean;
  /** A sentence printed under the scenario's table (how to read the figure, a known limit). */
  note?: string;
}
