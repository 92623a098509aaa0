// Per-step overhead of the local_process orchestrator (a child `zenml step-entrypoint` per
// step) over the in-process local orchestrator, on the same 6-step pipeline.
import { pathToFileURL } from 'node:url';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const STEPS = 6;
const RUNS = 3;

const PIPELINE = `
import { step, pipeline } from 'zenml';
const inc = step({ name: 'inc' }, ({ x }) => x + 1);
const first = step({ name: 'first' }, () => 0);
export const chain = pipeline({ name: 'bench_chain' }, () => {
  let x = first();
  for (let i = 1; i < ${STEPS}; i++) x = inc({ x });
});
`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    const { getZenContext } = await import('../../src/context/zen-context.js');
    const { registerComponent } = await import('../../src/stack/component-service.js');
    const { registerStack } = await import('../../src/stack/stack-service.js');
    const context = await getZenContext();
    await registerComponent(context, { type: 'orchestrator', name: 'proc', flavor: 'local_process' });
    await registerStack(context, 'proc', { orchestrator: 'proc', artifact_store: 'default' });
    const file = sandbox.write('chain.mjs', PIPELINE);
    const { chain } = await import(pathToFileURL(file).href);
    const time = async (stack: string) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const run = await chain.withOptions({ stack, enableCache: false })();
        if (run.status !== 'completed') throw new Error(`run on ${stack} ${run.status}: ${run.error}`);
        samples.push(performance.now() - started);
      }
      return median(samples);
    };
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
        note: 'One child process per step: node start-up, CLI load, store open and re-import of the pipeline file.',
      }),
    ];
  } finally {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox.dispose();
  }
}
