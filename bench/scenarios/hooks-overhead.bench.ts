// What hooks add per step: a 100-step chain whose steps each have an onSuccess hook, and one
// whose steps post through the stack's `log` alerter (alerterSuccessHook), against the same
// chain without hooks, in the same process and run.
import { alerterSuccessHook, Client, pipeline, step, type OutputRef, type Pipeline, type StepConfig } from 'zenml';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { medianTimes } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'hooks-overhead';
const STEPS = 100;
const RUNS = 3;
const HOOK_TARGET_MS = 0.5;

function chain(name: string, config: Omit<StepConfig, 'name' | 'outputs'>): Pipeline<void> {
  const seed = step({ name: 'seed', ...config }, () => 0);
  const increment = step({ name: 'increment', ...config }, ({ x }: { x: number }) => x + 1);
  return pipeline({ name, enableCache: false }, () => {
    let x: OutputRef<number> = seed();
    for (let i = 1; i < STEPS; i++) x = increment({ x });
  });
}

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    let calls = 0;
    const plain = chain('bench_hooks_plain', {});
    const hooked = chain('bench_hooks_noop', { onSuccess: () => void calls++ });
    const alerting = chain('bench_hooks_alerter', { onSuccess: alerterSuccessHook });
    const client = new Client();
    await client.createStackComponent({ type: 'alerter', name: 'bench_log', flavor: 'log', config: {} });
    await client.createStack('bench_alerting', { orchestrator: 'default', artifact_store: 'default', alerter: 'bench_log' });
    const timed = async (p: Pipeline<void>) =>
      medianTimes(RUNS, async () => {
        const run = await p();
        if (run.status !== 'completed') throw new Error(`${p.name}: ${run.status} ${run.error}`);
      });
    const floor = await timed(plain);
    const noop = await timed(hooked);
    if (calls < STEPS * RUNS || calls % STEPS !== 0) throw new Error(`the hook ran ${calls} times, not once per step of each run`);
    // The log alerter writes to stderr and each step log: silence the terminal copy only.
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let alerter;
    try {
      alerter = await timed(alerting.withOptions({ stack: 'bench_alerting' }));
    } finally {
      process.stderr.write = write;
    }
    const floorRow = { name: 'the same chain without hooks', value: floor.wallMs / STEPS };
    return [
      result({
        scenario: SCENARIO,
        metric: `${STEPS}-step chain, a no-op onSuccess hook on every step: wall time per step (median of ${RUNS})`,
        value: noop.wallMs / STEPS,
        unit: 'ms',
        floor: floorRow,
        target: `≤ ${HOOK_TARGET_MS} ms added per step`,
        pass: (noop.wallMs - floor.wallMs) / STEPS <= HOOK_TARGET_MS,
      }),
      result({
        scenario: SCENARIO,
        metric: `${STEPS}-step chain, alerterSuccessHook posting to a log alerter on every step: wall time per step (median of ${RUNS})`,
        value: alerter.wallMs / STEPS,
        unit: 'ms',
        floor: floorRow,
        note: 'A hook runs inside the step context and its log; the alerter is built once per process and stack (its flavor loaded, secret references resolved), then each post is one write to the step log.',
      }),
    ];
  } finally {
    sandbox.dispose();
  }
}
