// In-process cost per step (a 100-step chain, a 1,000-step fan-out/fan-in) and compile
// time at 100 / 1,000 / 2,000 steps, which must grow linearly.
import { chainDirect, chainPipeline, fanDirect, fanPipeline } from '../lib/core-pipelines.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { medianTimes } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'core-step-overhead';
const RUNS = 3;
const PER_STEP_TARGET_MS = 1;
const COMPILE_RUNS = 9;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    return [
      ...(await perStep('100-step chain', chainPipeline(100), () => chainDirect(100), 100)),
      ...(await perStep('1,000-step fan-out/fan-in', fanPipeline(1000), () => fanDirect(1000), 1000)),
      ...(await compileGrowth()),
      // Last: the thousand more steps it runs would change the heap the compile rows see.
      ...(await warmedChain()),
    ];
  } finally {
    sandbox.dispose();
  }
}

async function perStep(label: string, pipe: ReturnType<typeof chainPipeline>, direct: () => Promise<number>, steps: number): Promise<BenchResult[]> {
  // Caching off: every step really runs, writes its artifact and registers it.
  const uncached = pipe.withOptions({ enableCache: false });
  const run = await medianTimes(RUNS, async () => {
    const result = await uncached();
    if (result.status !== 'completed') throw new Error(`${label} run ${result.status}: ${result.error}`);
  });
  const floor = await medianTimes(RUNS, direct);
  const row = (what: 'wall' | 'CPU', runMs: number, directMs: number) =>
    result({
      scenario: SCENARIO,
      metric: `${label}: ${what} time per step (whole run incl. compile, median of ${RUNS})`,
      value: runMs / steps,
      unit: 'ms',
      floor: { name: 'same step functions called directly', value: directMs / steps },
      target: `≤ ${PER_STEP_TARGET_MS} ms overhead per step`,
      pass: (runMs - directMs) / steps <= PER_STEP_TARGET_MS,
    });
  return [
    row('wall', run.wallMs, floor.wallMs),
    row('CPU', run.cpuMs, floor.cpuMs),
    result({
      scenario: SCENARIO,
      metric: `${label}: whole run, wall time`,
      value: run.wallMs,
      unit: 'ms',
      floor: { name: 'direct calls', value: floor.wallMs },
      note: 'Per step, an in-process run compiles the step, computes its cache key, writes its output through the materializer (temporary folder, then rename), registers the artifact version and lineage in SQLite and records the step run. CPU time (all threads of the process) is less sensitive than wall time to other load on the machine.',
    }),
  ];
}

const WARM_RUNS = 10;

/**
 * The same chain once this process has run it WARM_RUNS times more: what a step costs when
 * V8 has optimized zenml's code. The rows above include that warming up (their process has
 * run a few hundred steps), as a user's first runs in a process do. No target: they hold it.
 */
async function warmedChain(): Promise<BenchResult[]> {
  const uncached = chainPipeline(100).withOptions({ enableCache: false });
  const run = await medianTimes(RUNS, async () => {
    const result = await uncached();
    if (result.status !== 'completed') throw new Error(`warmed chain run ${result.status}: ${result.error}`);
  }, WARM_RUNS);
  return (['wall', 'CPU'] as const).map((what) =>
    result({
      scenario: SCENARIO,
      metric: `100-step chain after ${WARM_RUNS} more runs in the process: ${what} time per step (median of ${RUNS})`,
      value: (what === 'wall' ? run.wallMs : run.cpuMs) / 100,
      unit: 'ms',
    }),
  );
}

async function compileGrowth(): Promise<BenchResult[]> {
  const sizes = [100, 1000, 2000] as const;
  const pipes = new Map(sizes.map((size) => [size, chainPipeline(size)]));
  // Warm the JIT on the largest graph first, so the smallest is not charged for it.
  for (let i = 0; i < 3; i++) await pipes.get(2000)!.compile();
  const ms = new Map<number, number>();
  for (const size of sizes) ms.set(size, (await medianTimes(COMPILE_RUNS, () => pipes.get(size)!.compile())).cpuMs);
  const results = sizes.map((size) =>
    result({
      scenario: SCENARIO,
      metric: `compile a ${size.toLocaleString('en')}-step chain: CPU time (median of ${COMPILE_RUNS})`,
      value: ms.get(size)!,
      unit: 'ms',
    }),
  );
  // Linear growth means each added step costs the same: compare the cost per added step
  // from 1,000 to 2,000 with that from 100 to 1,000 (the fixed cost of a compile cancels out).
  const early = (ms.get(1000)! - ms.get(100)!) / 900;
  const late = (ms.get(2000)! - ms.get(1000)!) / 1000;
  results.push(
    result({
      scenario: SCENARIO,
      metric: 'compile: CPU time per added step from 1,000 to 2,000 steps',
      value: late,
      unit: 'ms',
      floor: { name: 'per added step from 100 to 1,000', value: early },
      target: '≤ 1.5× (linear: each added step costs the same)',
      pass: late / early <= 1.5,
    }),
  );
  return results;
}
