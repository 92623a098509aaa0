// The VS Code extension's tree loads against a store with 200 runs of one pipeline: the
// Pipelines tree (worker process over IPC + tree building) and the Stacks tree, each against
// the same Client calls made in process (the floor: what the extension cannot avoid).
import { join } from 'node:path';
import { benchSandbox } from '../lib/sandbox.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'vscode-trees';
const RUNS = 200;
const ROUNDS = 30;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  const root = join(import.meta.dirname, '..', '..');
  const { pipeline, step } = await import('../../src/index.js');
  const one = step({ name: 'one' }, () => 1);
  const tiny = pipeline({ name: 'tiny', enableCache: false }, () => {
    one();
  });
  for (let i = 0; i < RUNS; i++) await tiny.withOptions({ runName: `tiny-${i}` })();

  // The floor uses the built package, as the worker does.
  const { Client } = (await import(join(root, 'dist', 'index.js'))) as typeof import('../../src/index.js');
  const client = new Client();
  const { WorkerBackend } = await import('../../vscode/src/worker-backend.js');
  const { pipelineTree, stackTree } = await import('../../vscode/src/trees/trees.js');
  const worker = new WorkerBackend({ workerScript: join(root, 'vscode', 'dist', 'worker.mjs'), zenmlPath: join(sandbox.cwd, 'node_modules', 'zenml'), cwd: sandbox.cwd, env: sandbox.env, nodePath: process.execPath });
  try {
    await worker.ready();
    const nodes = pipelineTree(await worker.api.pipelines(RUNS));
    if (nodes[0]?.children?.length !== RUNS) throw new Error(`expected ${RUNS} runs in the tree, got ${nodes[0]?.children?.length}`);
    const times = await interleavedMedians(
      ROUNDS,
      {
        pipelinesTree: async () => pipelineTree(await worker.api.pipelines(RUNS)),
        pipelinesFloor: async () => {
          const pipelines = await client.listPipelines({ size: 10_000, sortBy: 'asc:name' });
          await Promise.all(pipelines.items.map((p) => client.listPipelineRuns({ pipeline: p.id, sortBy: 'desc:created', size: RUNS })));
        },
        stacksTree: async () => stackTree(await worker.api.stacks()),
        stacksFloor: async () => Promise.all([client.listStacks({ size: 10_000 }), client.getActiveStack(), client.listStackComponents(undefined, { size: 10_000 })]),
      },
      3,
    );
    const row = (metric: string, value: number, floor: number, floorName: string): BenchResult => ({
      scenario: SCENARIO,
      metric,
      value,
      unit: 'ms',
      floor: { name: floorName, value: floor },
      ratio: value / floor,
      target: '≤ 2× the Client calls in process',
      pass: value <= 2 * floor,
    });
    return [
      { ...row(`Pipelines tree, ${RUNS} runs (worker + IPC + tree)`, times.pipelinesTree, times.pipelinesFloor, 'listPipelines + listPipelineRuns in process'), note: 'The worker is a child node process (the store is a native addon Electron could not load); the difference is one IPC round trip and JSON of the runs.' },
      row('Stacks tree (worker + IPC + tree)', times.stacksTree, times.stacksFloor, 'listStacks + getActiveStack + listStackComponents in process'),
    ];
  } finally {
    worker.dispose();
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox.dispose();
  }
}
