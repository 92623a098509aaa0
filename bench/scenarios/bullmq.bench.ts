// The bullmq orchestrator against in-process execution: added time per step, how soon a
// fan-in child starts after its last parent, and store calls per step. The added time per
// step is the slope over two chain lengths (what one more step costs); what a run costs
// once on bullmq whatever its length (queue connections, the first job, the end event) is
// reported apart, and so is the whole short run's difference. Real Redis (started
// here); the worker is a `zenml worker start` child process on the sandbox's store, as in
// production, and counts its own store calls (ZENML_BULLMQ_COUNT_STORE_CALLS).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRedis } from '../../test/helpers/redis.js';
import { CLI } from '../../test/helpers/sandbox.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const STEPS = 10;
const LONG_STEPS = 50;
const RUNS = 5;
const LONG_ROUNDS = 9;
const PARENTS = 100;
const RAW_JOBS = 300;

/**
 * The floor of a chain step on BullMQ itself, in this process: a worker (concurrency 8, as the
 * bench's) whose every job adds the next one, with a job as big as a chain step's; ms per job.
 */
async function rawBullmqChain(redisUrl: string): Promise<number> {
  const { Queue, Worker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const blocking = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw-floor', { connection });
  const payload = { runId: 'r', stepId: 's', snapshotId: 'x', storeUrl: 'sqlite:///tmp/x', record: 'x'.repeat(1500) };
  const options = { removeOnComplete: { age: 3600, count: 10_000 } };
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker(
    'raw-floor',
    async (job) => {
      const n = job.data.n as number;
      if (n < RAW_JOBS) await queue.add('s', { ...payload, n: n + 1 }, { jobId: `j${n + 1}`, ...options });
      else finished();
      return { status: 'completed' };
    },
    { connection: blocking, concurrency: 8 },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.add('s', { ...payload, n: 0 }, { jobId: 'j0', ...options });
  await done;
  const perJob = (performance.now() - started) / RAW_JOBS;
  await worker.close();
  await queue.close();
  connection.disconnect();
  blocking.disconnect();
  return perJob;
}

const PIPELINE = `
import { step, pipeline } from 'zenml';
const inc = step({ name: 'inc' }, ({ x }) => x + 1);
const first = step({ name: 'first' }, () => 0);
const chainOf = (steps) => () => {
  let x = first();
  for (let i = 1; i < steps; i++) x = inc({ x });
};
export const chain = pipeline({ name: 'bench_chain' }, chainOf(${STEPS}));
export const longChain = pipeline({ name: 'bench_chain_long' }, chainOf(${LONG_STEPS}));
const part = step({ name: 'part' }, ({ i }) => i);
const join = step({ name: 'join' }, (inputs) => Object.keys(inputs).length);
export const fanIn = pipeline({ name: 'bench_fan_in' }, () => {
  const parts = {};
  for (let i = 0; i < ${PARENTS}; i++) parts['p' + i] = part({ i }, { id: 'part_' + i });
  join(parts);
});
`;

/** A `zenml worker start` child process; resolves once it listens. */
function startWorker(stack: string, env: NodeJS.ProcessEnv, cwd: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'worker', 'start', '--stack', stack, '--concurrency', '8'], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (process.env.ZENML_BENCH_DEBUG) process.stderr.write(chunk);
      if (/takes steps from queue/.test(stderr)) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`worker exited (${signal ?? code}) before listening: ${stderr}`)));
  });
}

function stopWorker(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    // A second signal makes the worker quit at once (its steps are all over by now).
    const again = setTimeout(() => child.kill('SIGTERM'), 5_000);
    child.once('exit', () => (clearTimeout(again), resolve()));
    child.kill('SIGTERM');
  });
}

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  const redis = startRedis();
  const countDir = join(sandbox.dir, 'store-calls');
  mkdirSync(countDir);
  const workerCounts = () => readdirSync(countDir).filter((file) => !file.endsWith('.tmp')).map((file) => JSON.parse(readFileSync(join(countDir, file), 'utf8')) as { calls: number; periodic: number; byMethod: Record<string, number> });
  const workerCalls = () => workerCounts().reduce((sum, count) => sum + count.calls, 0);
  const workerPeriodic = () => workerCounts().reduce((sum, count) => sum + count.periodic, 0);
  let worker: ChildProcess | undefined;
  try {
    const { getZenContext } = await import('../../src/context/zen-context.js');
    const { registerComponent } = await import('../../src/stack/component-service.js');
    const { registerStack } = await import('../../src/stack/stack-service.js');
    const context = await getZenContext();
    await registerComponent(context, { type: 'orchestrator', name: 'queue', flavor: 'bullmq', config: { redisUrl: redis.url, queue: 'bench', concurrency: 8 } });
    await registerComponent(context, { type: 'artifact_store', name: 'shared', flavor: 'local', config: { sharedFilesystem: true, path: mkdtempSync(join(tmpdir(), 'zenml-bench-store-')) } });
    await registerStack(context, 'queue', { orchestrator: 'queue', artifact_store: 'shared' });
    worker = await startWorker('queue', { ...process.env, ZENML_BULLMQ_COUNT_STORE_CALLS: countDir }, sandbox.cwd);

    // The driver's store calls, counted by wrapping its store's methods (outermost calls only).
    const store = context.store as unknown as Record<string, unknown>;
    let calls = 0;
    let depth = 0;
    const names = new Set<string>();
    for (let proto = Object.getPrototypeOf(store); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
    for (const key of names) {
      const value = store[key];
      if (key === 'constructor' || key === 'close' || typeof value !== 'function') continue;
      store[key] = async (...args: unknown[]) => {
        if (depth === 0) calls++;
        depth++;
        try {
          return await (value as (...a: unknown[]) => unknown).apply(store, args);
        } finally {
          depth--;
        }
      };
    }

    const file = sandbox.write('chain.mjs', PIPELINE);
    const { chain, longChain, fanIn } = await import(pathToFileURL(file).href);
    type Chain = { withOptions(options: object): () => Promise<{ status: string; error?: string }> };
    const time = async (stack: string, pipe: Chain = chain, runs = RUNS) => {
      const samples: number[] = [];
      const counts: number[] = [];
      const workerCounts: number[] = [];
      const periodicCounts: number[] = [];
      for (let i = 0; i < runs; i++) {
        calls = 0;
        const workerBefore = workerCalls();
        const periodicBefore = workerPeriodic();
        const started = performance.now();
        if (process.env.ZENML_BENCH_DEBUG) console.error(`run ${i} on ${stack}`);
        const run = await pipe.withOptions({ stack, enableCache: false })();
        if (run.status !== 'completed') throw new Error(`run on ${stack} ${run.status}: ${run.error}`);
        samples.push(performance.now() - started);
        counts.push(calls);
        await new Promise((r) => setTimeout(r, 100)); // the last job writes its count as it returns
        workerCounts.push(workerCalls() - workerBefore);
        periodicCounts.push(workerPeriodic() - periodicBefore);
      }
      return { ms: median(samples), calls: median(counts), workerCalls: median(workerCounts), workerPeriodic: median(periodicCounts) };
    };
    const quick = process.env.ZENML_BENCH_DEBUG === 'fanin';
    if (!quick) await time('default');
    if (!quick) await time('queue'); // warm-up: the worker imports the pipeline file once
    const none = { ms: 0, calls: 0, workerCalls: 0, workerPeriodic: 0 };
    const local = quick ? none : await time('default');
    const queued = quick ? local : await time('queue');
    // Each round runs both chains on both stacks back to back and gives one slope: a burst of
    // load elsewhere on the machine then falls on the runs it is compared with, not on one
    // stack's runs only; the median of the rounds' slopes is reported.
    const longLocal: number[] = [];
    const longQueued: number[] = [];
    const shortAdded: number[] = [];
    const slopes: number[] = [];
    if (!quick) await time('default', longChain, 1);
    if (!quick) await time('queue', longChain, 1);
    for (let i = 0; i < (quick ? 0 : LONG_ROUNDS); i++) {
      const short = (await time('queue', chain, 1)).ms - (await time('default', chain, 1)).ms;
      longLocal.push((await time('default', longChain, 1)).ms);
      longQueued.push((await time('queue', longChain, 1)).ms);
      shortAdded.push(short);
      slopes.push((longQueued[i] - longLocal[i] - short) / (LONG_STEPS - STEPS));
    }
    const perStep = median(slopes);
    const added = { short: median(shortAdded) };
    const perRun = added.short - perStep * STEPS;
    if (process.env.ZENML_BENCH_DEBUG) console.error(JSON.stringify(workerCounts()));

    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      if (process.env.ZENML_BENCH_DEBUG) console.error(`fan-in ${i}`);
      const run = await fanIn.withOptions({ stack: 'queue', enableCache: false, onProgress: process.env.ZENML_BENCH_DEBUG ? (e: unknown) => console.error(JSON.stringify(e).slice(0, 200)) : undefined })();
      if (run.status !== 'completed') throw new Error(`fan-in run ${run.status}: ${run.error}`);
      const steps = Object.values(run.steps) as Array<{ invocationId: string; stepRun: { started?: string; ended?: string } }>;
      const lastParent = Math.max(...steps.filter((s) => s.invocationId !== 'join').map((s) => Date.parse(s.stepRun.ended!)));
      latencies.push(Date.parse(steps.find((s) => s.invocationId === 'join')!.stepRun.started!) - lastParent);
    }

    const rawPerJob = await rawBullmqChain(redis.url);

    const scenario = 'bullmq';
    return [
      result({ scenario, metric: `${STEPS}-step run in process (local, median of ${RUNS})`, value: local.ms, unit: 'ms' }),
      result({ scenario, metric: `${STEPS}-step run on bullmq (median of ${RUNS})`, value: queued.ms, unit: 'ms', floor: { name: 'local', value: local.ms } }),
      result({ scenario, metric: `${LONG_STEPS}-step run in process (local, median of ${LONG_ROUNDS})`, value: median(longLocal), unit: 'ms' }),
      result({ scenario, metric: `${LONG_STEPS}-step run on bullmq (median of ${LONG_ROUNDS}, alternating with local)`, value: median(longQueued), unit: 'ms', floor: { name: 'local', value: median(longLocal) } }),
      result({
        scenario,
        metric: `bullmq added time per step (slope of the added time, ${STEPS} → ${LONG_STEPS} steps; median of ${LONG_ROUNDS} rounds)`,
        value: perStep,
        unit: 'ms',
        target: '≤ 2 ms',
        pass: perStep <= 2,
        note: `Redis hops per chain step: the worker takes the job (its parent's record travels in it); the step's record, its child's job and the job's completion go out in one write, and the completion's reply brings the child's job. The worker, the driver reading the queue's events (at most every 10 ms) and Redis share the machine's cores.`,
      }),
      result({
        scenario,
        metric: `raw BullMQ, no zenml: a job that adds the next one, per job (${RAW_JOBS} jobs)`,
        value: rawPerJob,
        unit: 'ms',
        note: 'What BullMQ and Redis alone take per hand-over (add the next job, complete this one, the next one taken), in one process: the part of the added time per step zenml cannot remove while a step is a BullMQ job.',
      }),
      result({ scenario, metric: 'bullmq added time per run, whatever its length (fixed)', value: perRun, unit: 'ms', note: 'Per run, once: the driver opens its queue and event connections, publishes the run, waits for the first job to be taken and for the end event, then closes them.' }),
      result({ scenario, metric: `bullmq added time per step in the ${STEPS}-step run, fixed cost included`, value: added.short / STEPS, unit: 'ms', note: `The figure earlier reports gave as the added time per step: the short run's difference divided by its ${STEPS} steps, the per-run cost spread over them.` }),
      result({ scenario, metric: `fan-in of ${PARENTS}: child start after the last parent ended (median of 3)`, value: median(latencies), unit: 'ms', target: '≤ 50 ms', pass: median(latencies) <= 50 }),
      result({ scenario, metric: 'store calls per step, in process (local)', value: local.calls / STEPS, unit: 'calls' }),
      result({
        scenario,
        metric: 'store calls per step, bullmq worker',
        value: queued.workerCalls / STEPS,
        unit: 'calls',
        floor: { name: 'local', value: local.calls / STEPS },
        target: '≤ 2',
        pass: queued.workerCalls / STEPS <= 2,
        note: `Outermost ZenStore calls made by the worker process for its jobs (SQLite here; each a round trip with a REST store): startStepRun and completeStepRun, the last one ending the run. Time-based calls (stop poll, heartbeat: one per 250 ms of run time, as in process) counted apart: ${queued.workerPeriodic} per run (median).`,
      }),
      result({ scenario, metric: 'store calls per step, bullmq driver', value: queued.calls / STEPS, unit: 'calls', note: 'The `pipeline run` process: creating the run and snapshot, then polling the run once a second.' }),
    ];
  } finally {
    await stopWorker(worker);
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts().catch(() => undefined);
    redis.stop();
    sandbox.dispose();
  }
}
