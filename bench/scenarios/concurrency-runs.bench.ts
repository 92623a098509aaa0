// 8 processes each run a 50-step pipeline against one SQLite store at once. Measured: how
// long `zenml pipeline runs list` and a store-level runs page take while that load is on
// (floor: the same with no load), and the load's own throughput.
import { performance } from 'node:perf_hooks';
import { result } from '../lib/results.js';
import { benchSandbox, type Sandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';
import { chainPipelineScript, runNodeScript } from '../../test/helpers/chain-pipeline.js';
import { runCli } from '../../test/helpers/sandbox.js';

const SCENARIO = 'concurrency-runs';
const PROCESSES = 8;
/**
 * Long enough that the load outlasts its processes' start-up by seconds: at 50 steps the
 * whole load came to end in about a second, before the first measurement under it began.
 */
const STEPS = 200;
const IDLE_RUNS = 5;

const CHAIN = chainPipelineScript(STEPS);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const runNode = async (sandbox: Sandbox, file: string, env: NodeJS.ProcessEnv) => {
  const { code, stderr } = await runNodeScript(sandbox, file, env);
  if (stderr) process.stderr.write(stderr);
  return code;
};

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  try {
    sandbox.write('chain.mjs', CHAIN);
    const list = async () => {
      const start = performance.now();
      const out = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox });
      if (out.code !== 0) throw new Error(`pipeline runs list failed: ${out.stderr}`);
      return performance.now() - start;
    };
    await list(); // creates the store
    const { Client } = await import('../../src/sdk/client.js');
    const client = new Client(sandbox.env);
    const page = async () => {
      const start = performance.now();
      await client.listPipelineRuns({ size: 50 });
      return performance.now() - start;
    };
    await runNode(sandbox, 'chain.mjs', { SEED: '0' }); // warms the file cache; one run in the store

    const idleCli: number[] = [];
    const idlePage: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) {
      idleCli.push(await list());
      for (let j = 0; j < 20; j++) idlePage.push(await page());
    }

    const loadStart = performance.now();
    let running = true;
    const load = Promise.all(Array.from({ length: PROCESSES }, (_, i) => runNode(sandbox, 'chain.mjs', { SEED: String(i + 1) }))).then((codes) => {
      running = false;
      return codes;
    });
    const busyCli: number[] = [];
    const busyPage: number[] = [];
    // Measured from the first run in progress (the processes' start-up is not store load) to
    // the load's end, and at least once even if it ends first.
    while (running && (await client.listPipelineRuns({ status: 'running', size: 1 })).total === 0) await sleep(10);
    do {
      busyCli.push(await list());
      for (let j = 0; j < 20 && running; j++) {
        busyPage.push(await page());
        await sleep(20);
      }
    } while (running);
    const codes = await load;
    const loadMs = performance.now() - loadStart;
    if (codes.some((code) => code !== 0)) throw new Error(`a loaded run failed: exit codes ${codes.join(', ')}`);
    const runs = await client.listPipelineRuns({ pipeline: 'chain', status: 'completed', size: 1 });
    if (runs.total !== PROCESSES + 1) throw new Error(`expected ${PROCESSES + 1} completed runs, found ${runs.total}`);

    const cliMs = median(busyCli);
    const pageMs = median(busyPage);
    return [
      result({
        scenario: SCENARIO,
        metric: `\`zenml pipeline runs list --json\` while ${PROCESSES} processes run ${STEPS}-step pipelines (median of ${busyCli.length})`,
        value: cliMs,
        unit: 'ms',
        floor: { name: `the same command with no load (median of ${IDLE_RUNS})`, value: median(idleCli) },
        target: '≤ 3× the unloaded time',
        pass: cliMs <= 3 * median(idleCli),
        note: 'The loaded processes share the same cores as the command, so part of the slow-down is CPU, not the store.',
      }),
      result({
        scenario: SCENARIO,
        metric: `store-level page of 50 runs during the load (median of ${busyPage.length})`,
        value: pageMs,
        unit: 'ms',
        floor: { name: 'the same call with no load', value: median(idlePage) },
        target: '≤ 50 ms',
        pass: pageMs <= 50,
      }),
      result({
        scenario: SCENARIO,
        metric: `throughput: ${PROCESSES}×${STEPS} steps on one store`,
        value: (PROCESSES * STEPS) / (loadMs / 1000),
        unit: 'steps/s',
        note: `${PROCESSES} processes, ${PROCESSES * STEPS} step runs and artifact versions in ${(loadMs / 1000).toFixed(1)} s, 0 errors.`,
      }),
    ];
  } finally {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox.dispose();
  }
}
