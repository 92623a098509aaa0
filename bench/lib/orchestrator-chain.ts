// The set-up the per-orchestrator overhead scenarios share: a sandboxed store with one extra
// stack (the orchestrator under test plus the default artifact store) and a chain pipeline
// written as a plain .mjs file, as a user's would be, so out-of-process orchestrators import it.
import { pathToFileURL } from 'node:url';
import { benchSandbox } from './sandbox.js';
import { median } from './stats.js';

const chainSource = (name: string, steps: number) => `
import { step, pipeline } from 'zenml';
const inc = step({ name: 'inc' }, ({ x }) => x + 1);
const first = step({ name: 'first' }, () => 0);
export const chain = pipeline({ name: '${name}' }, () => {
  let x = first();
  for (let i = 1; i < ${steps}; i++) x = inc({ x });
});
`;

export interface OrchestratorChain {
  /** Median wall time in ms of `runs` uncached runs of the chain on `stack` ('default' is in process). */
  time(stack: string): Promise<number>;
  dispose(): Promise<void>;
}

export async function orchestratorChain(options: {
  pipelineName: string;
  steps: number;
  runs: number;
  /** The stack and its orchestrator are both registered under this name. */
  stack: string;
  flavor: string;
  config?: Record<string, unknown>;
}): Promise<OrchestratorChain> {
  const sandbox = benchSandbox({ apply: true });
  const { getZenContext, closeZenContexts } = await import('../../src/context/zen-context.js');
  const dispose = async () => {
    await closeZenContexts();
    sandbox.dispose();
  };
  try {
    const { registerComponent } = await import('../../src/stack/component-service.js');
    const { registerStack } = await import('../../src/stack/stack-service.js');
    const context = await getZenContext();
    await registerComponent(context, { type: 'orchestrator', name: options.stack, flavor: options.flavor, config: options.config });
    await registerStack(context, options.stack, { orchestrator: options.stack, artifact_store: 'default' });
    const file = sandbox.write('chain.mjs', chainSource(options.pipelineName, options.steps));
    const { chain } = await import(pathToFileURL(file).href);
    const time = async (stack: string) => {
      const samples: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const started = performance.now();
        const run = await chain.withOptions({ stack, enableCache: false })();
        if (run.status !== 'completed') throw new Error(`run on ${stack} ${run.status}: ${run.error}`);
        samples.push(performance.now() - started);
      }
      return median(samples);
    };
    return { time, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
