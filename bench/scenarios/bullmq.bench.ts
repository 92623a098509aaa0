// The bullmq orchestrator against in-process execution: added time per step, how soon a
// fan-in child starts after its last parent, and store calls per step. Real Redis (started
// here); the worker runs in this process (same code as `zenml worker start`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRedis } from '../../test/helpers/redis.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const STEPS = 10;
const RUNS = 5;
const PARENTS = 100;

const PIPELINE = `
import { step, pipeline } from 'zenml';
const inc = step({ name: 'inc' }, ({ x }) => x + 1);
const first = step({ name: 'first' }, () => 0);
export const chain = pipeline({ name: 'bench_chain' }, () => {
  let x = first();
  for (let i = 1; i < ${STEPS}; i++) x = inc({ x });
});
const part = step({ name: 'part' }, ({ i }) => i);
const join = step({ name: 'join' }, (inputs) => Object.keys(inputs).length);
export const fanIn = pipeline({ name: 'bench_fan_in' }, () => {
  const parts = {};
  for (let i = 0; i < ${PARENTS}; i++) parts['p' + i] = part({ i }, { id: 'part_' + i });
  join(parts);
});
`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  const redis = startRedis();
  const stopWorker = new AbortController();
  try {
    const { getZenContext } = await import('../../src/context/zen-context.js');
    const { registerComponent } = await import('../../src/stack/component-service.js');
    const { registerStack } = await import('../../src/stack/stack-service.js');
    const { Client } = await import('../../src/sdk/client.js');
    const context = await getZenContext();
    await registerComponent(context, { type: 'orchestrator', name: 'queue', flavor: 'bullmq', config: { redisUrl: redis.url, queue: 'bench', concurrency: 8 } });
    await registerComponent(context, { type: 'artifact_store', name: 'shared', flavor: 'local', config: { sharedFilesystem: true, path: mkdtempSync(join(tmpdir(), 'zenml-bench-store-')) } });
    await registerStack(context, 'queue', { orchestrator: 'queue', artifact_store: 'shared' });
    void new Client().startWorker({ stack: 'queue', signal: stopWorker.signal });
    await new Promise((r) => setTimeout(r, 500));

    // Store calls, counted by wrapping the store's methods (driver and worker share it here).
    const store = context.store as unknown as Record<string, unknown>;
    let calls = 0;
    for (const [key, value] of Object.entries(store)) {
      if (typeof value === 'function' && key !== 'close') store[key] = (...args: unknown[]) => (calls++, (value as (...a: unknown[]) => unknown)(...args));
    }

    const file = sandbox.write('chain.mjs', PIPELINE);
    const { chain, fanIn } = await import(pathToFileURL(file).href);
    const time = async (stack: string) => {
      const samples: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        calls = 0;
        const started = performance.now();
        const run = await chain.withOptions({ stack, enableCache: false })();
        if (run.status !== 'completed') throw new Error(`run on ${stack} ${run.status}: ${run.error}`);
        samples.push(performance.now() - started);
        counts.push(calls);
      }
      return { ms: median(samples), calls: median(counts) };
    };
    await time('default');
    await time('queue'); // warm-up: the worker imports the pipeline file once
    const local = await time('default');
    const queued = await time('queue');
    const perStep = (queued.ms - local.ms) / STEPS;

    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      // The in-process worker may still be importing the pipeline file for the last job,
      // which would make this process take the launch for an import-time run.
      await new Promise((r) => setTimeout(r, 300));
      const run = await fanIn.withOptions({ stack: 'queue', enableCache: false })();
      if (run.status !== 'completed') throw new Error(`fan-in run ${run.status}: ${run.error}`);
      const steps = Object.values(run.steps) as Array<{ invocationId: string; stepRun: { started?: string; ended?: string } }>;
      const lastParent = Math.max(...steps.filter((s) => s.invocationId !== 'join').map((s) => Date.parse(s.stepRun.ended!)));
      latencies.push(Date.parse(steps.find((s) => s.invocationId === 'join')!.stepRun.started!) - lastParent);
    }

    const scenario = 'bullmq';
    return [
      result({ scenario, metric: `${STEPS}-step run in process (local, median of ${RUNS})`, value: local.ms, unit: 'ms' }),
      result({ scenario, metric: `${STEPS}-step run on bullmq (median of ${RUNS})`, value: queued.ms, unit: 'ms', floor: { name: 'local', value: local.ms } }),
      result({ scenario, metric: 'bullmq added time per step', value: perStep, unit: 'ms', target: '≤ 2 ms', pass: perStep <= 2, note: 'Redis hops (queue, lock, events) plus the worker reading the run, snapshot and step runs per step.' }),
      result({ scenario, metric: `fan-in of ${PARENTS}: child start after the last parent ended (median of 3)`, value: median(latencies), unit: 'ms', target: '≤ 50 ms', pass: median(latencies) <= 50 }),
      result({ scenario, metric: 'store calls per step, in process (local)', value: local.calls / STEPS, unit: 'calls' }),
      result({ scenario, metric: 'store calls per step, bullmq (driver + worker)', value: queued.calls / STEPS, unit: 'calls', floor: { name: 'local', value: local.calls / STEPS }, target: '≤ 2', pass: queued.calls / STEPS <= 2, note: 'Every ZenStore call (SQLite here; a round trip with a REST store).' }),
    ];
  } finally {
    stopWorker.abort();
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts().catch(() => undefined);
    redis.stop();
    sandbox.dispose();
  }
}
