// Per-step overhead of the local_process orchestrator (a child `zenml step-entrypoint` per
// step) over the in-process local orchestrator, on the same 6-step pipeline.
import { orchestratorChain } from '../lib/orchestrator-chain.js';
import { result } from '../lib/results.js';
import type { BenchResult } from '../types.js';

const STEPS = 6;
const RUNS = 3;

export default async function (): Promise<BenchResult[]> {
  const { time, dispose } = await orchestratorChain({ pipelineName: 'bench_chain', steps: STEPS, runs: RUNS, stack: 'proc', flavor: 'local_process' });
  try {
    await time('default'); // warm-up
    const local = await time('default');
    const proc = await time('proc');
    const perStep = (proc - local) / STEPS;
    return [
      result({ scenario: 'stacks-local-process', metric: `${STEPS}-step run on local (median of ${RUNS})`, value: local, unit: 'ms' }),
      result({ scenario: 'stacks-local-process', metric: `${STEPS}-step run on local_process (median of ${RUNS})`, value: proc, unit: 'ms', floor: { name: 'local', value: local } }),
      result({
        scenario: 'stacks-local-process',
        metric: 'local_process overhead per step',
        value: perStep,
        unit: 'ms',
        note: "One child process per step (zenml's lean step entrypoint, not the CLI): node start-up, the library's modules, the store, re-importing the pipeline file (compiled once and cached), the step's own records, the process's end.",
      }),
    ];
  } finally {
    await dispose();
  }
}
