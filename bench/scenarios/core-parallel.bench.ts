// Four CPU-bound steps with no data between them, run one at a time and all at once.
// The in-process `local` orchestrator runs steps on the one JavaScript thread, so CPU-bound
// steps cannot overlap there; `local_process` (one child process per step) can. The same
// work in worker threads shows what the machine allows at the time of the run; `local` with
// `isolation: 'thread'` runs the steps in worker threads through zenml.
import { availableParallelism } from 'node:os';
import { parallelCpu } from '../lib/cpu-pipeline.js';
import { CPU_ITERATIONS } from '../lib/cpu-work.js';
import { result } from '../lib/results.js';
import { benchSandbox, type Sandbox } from '../lib/sandbox.js';
import { zenmlTimed } from '../lib/spawn.js';
import { interleavedMedians } from '../lib/stats.js';
import { burnInWorkers, burnSequentially } from '../lib/worker-floor.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'core-parallel';
const RUNS = 3;
const LANES = 4;
const TARGET = `≥ 1.8× speed-up on ${availableParallelism()} cores`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    const stacks = ['default'];
    const lpProblem = registerLocalProcessStack(sandbox);
    if (!lpProblem) stacks.push('local_process');

    const fns: Record<string, () => Promise<unknown>> = {
      'worker threads, one after another': () => burnSequentially(LANES, CPU_ITERATIONS),
      'worker threads, all at once': () => burnInWorkers(LANES, CPU_ITERATIONS),
    };
    for (const stack of stacks) {
      for (const [mode, maxParallelism] of [['sequential', 1], ['parallel', LANES]] as const) {
        const configured = parallelCpu.withOptions({ enableCache: false, stack, settings: { orchestrator: { maxParallelism } } });
        fns[`${stack} ${mode}`] = async () => {
          const run = await configured();
          if (run.status !== 'completed') throw new Error(`${stack} ${mode} run ${run.status}: ${run.error}`);
        };
      }
    }
    // The same `default` stack with the per-run setting that moves steps into worker threads.
    for (const [mode, maxParallelism] of [['sequential', 1], ['parallel', LANES]] as const) {
      const configured = parallelCpu.withOptions({ enableCache: false, stack: 'default', settings: { orchestrator: { maxParallelism, isolation: 'thread' } } });
      fns[`thread ${mode}`] = async () => {
        const run = await configured();
        if (run.status !== 'completed') throw new Error(`thread ${mode} run ${run.status}: ${run.error}`);
      };
    }
    const ms = await interleavedMedians(RUNS, fns, 0);

    const rows: BenchResult[] = [];
    const speedUp = (label: string, parallel: string, sequential: string, withTarget: boolean, note?: string) =>
      rows.push(
        result({
          scenario: SCENARIO,
          metric: `${label}: ${LANES} lanes at once (median of ${RUNS})`,
          value: ms[parallel],
          unit: 'ms',
          floor: { name: 'one after another', value: ms[sequential] },
          ratio: ms[sequential] / ms[parallel],
          target: withTarget ? TARGET : undefined,
          pass: withTarget ? ms[sequential] / ms[parallel] >= 1.8 : undefined,
          note,
        }),
      );
    // No target: issue 15's P10 asks the speed-up of local_process and of isolation 'thread'.
    speedUp('local orchestrator (in process)', 'default parallel', 'default sequential', false,
      "Ratio is the speed-up (sequential ÷ parallel). The in-process `local` orchestrator starts independent steps concurrently, but CPU-bound JavaScript steps share its one thread, so they cannot overlap: its speed-up stays near 1×. For CPU-bound steps use `isolation: 'thread'` (worker threads) or `local_process` (one process per step).");
    speedUp("local orchestrator, isolation 'thread'", 'thread parallel', 'thread sequential', true,
      "With `isolation: 'thread'` each step runs in a worker thread, reused across the run's steps and kept for later runs of the process, so CPU-bound steps overlap without a process start per step; only the first runs of the scenario pay the workers' start-up (the medians do not).");
    if (stacks.includes('local_process')) speedUp('local_process orchestrator', 'local_process parallel', 'local_process sequential', true);
    else rows.push(result({ scenario: SCENARIO, metric: 'local_process orchestrator', value: Number.NaN, unit: 'ms', note: `local_process not measured: ${lpProblem}` }));
    speedUp('same work in worker threads (no zenml)', 'worker threads, all at once', 'worker threads, one after another', false,
      `The worker-thread row runs the same work with no zenml at all: what the machine allowed during this run. Its ${availableParallelism()} cores are shared with other processes, so that figure (and every speed-up here) drops when something else is busy; local_process also overlaps its per-step process start-up, which is I/O as well as CPU.`);
    return rows;
  } finally {
    sandbox.dispose();
  }
}

/** A stack with the local_process orchestrator, registered through the CLI as a user would. */
function registerLocalProcessStack(sandbox: Sandbox): string | undefined {
  const options = { env: sandbox.env, cwd: sandbox.cwd };
  try {
    zenmlTimed(['orchestrator', 'register', 'local_process', '--flavor', 'local_process'], options);
    zenmlTimed(['stack', 'register', 'local_process', '-o', 'local_process', '-a', 'default'], options);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}
