// What capturing a step's output costs: a step printing 10,000 lines with its log stored
// (chunks in the artifact store) against the same step with storing turned off, the extra
// compared with writing the same lines to a file with fs; and the cost for steps that print
// nothing (a 100-step chain), which must stay far below the 1 ms per step budget.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline, step } from 'zenml';
import { chainPipeline } from '../lib/core-pipelines.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median, timeBoth, type Times } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'step-logs';
const LINES = 10_000;
const RUNS = 7;
/**
 * Rounds of the quiet chain, each a run with storing and one without. The difference sought
 * (tens of µs a step) is a few % of a run, less than runs differ from one another; so it is
 * taken within each round, and the median of those differences is reported.
 */
const QUIET_ROUNDS = 41;
const DISABLE = 'ZENML_DISABLE_STEP_LOGS_STORAGE';

const line = (i: number) => `epoch ${i}: loss=${(1 / (i + 1)).toFixed(6)} accuracy=${(i / LINES).toFixed(4)}\n`;

const printer = step({ name: 'printer', enableCache: false }, () => {
  for (let i = 0; i < LINES; i++) console.log(line(i).slice(0, -1));
  return LINES;
});
const printing = pipeline({ name: 'bench_step_logs_printing' }, () => {
  printer();
});

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  // The terminal echo is the same with and without storing: send it nowhere, so the
  // figures are the capture and the storing, not the speed of the bench's stdout pipe.
  const stdout = process.stdout as unknown as { write: unknown };
  const echo = stdout.write;
  stdout.write = () => true;
  const withLogs = async (stored: boolean, run: () => Promise<{ status: string; error?: string }>) => {
    if (stored) delete process.env[DISABLE];
    else process.env[DISABLE] = 'true';
    const outcome = await run();
    if (outcome.status !== 'completed') throw new Error(`run ${outcome.status}: ${outcome.error}`);
  };
  try {
    const file = join(sandbox.dir, 'floor.log');
    const ms = await interleaved(RUNS, {
      stored: () => withLogs(true, () => printing()),
      unstored: () => withLogs(false, () => printing()),
      // The floor: the same 10,000 writes, to a file, with fs.
      floor: () => {
        const fd = openSync(file, 'w');
        for (let i = 0; i < LINES; i++) writeSync(fd, line(i));
        closeSync(fd);
        rmSync(file);
      },
    });
    const chain = chainPipeline(100).withOptions({ enableCache: false });
    const quiet = await pairedDifference(QUIET_ROUNDS, () => withLogs(true, () => chain()), () => withLogs(false, () => chain()));
    const overhead = ms.stored.cpuMs - ms.unstored.cpuMs;
    const quietPerStep = quiet.differenceMs / 100;
    return [
      result({
        scenario: SCENARIO,
        metric: `a step printing ${LINES.toLocaleString('en')} lines: run with its log stored, wall time (median of ${RUNS})`,
        value: ms.stored.wallMs,
        unit: 'ms',
        floor: { name: 'the same run with storing off', value: ms.unstored.wallMs },
      }),
      result({
        scenario: SCENARIO,
        metric: `capture + storing of ${LINES.toLocaleString('en')} lines: CPU time (stored − unstored run)`,
        value: overhead,
        unit: 'ms',
        floor: { name: `${LINES.toLocaleString('en')} fs.writeSync calls to a file (CPU time)`, value: ms.floor.cpuMs },
        target: '≤ 2× the floor',
        pass: overhead <= 2 * ms.floor.cpuMs,
      }),
      result({
        scenario: SCENARIO,
        metric: `a step that prints nothing: added CPU time of the JavaScript thread per step (100-step chain, median of ${QUIET_ROUNDS} paired differences, stored − unstored)`,
        value: quietPerStep,
        unit: 'ms',
        floor: { name: 'whole step, storing off', value: quiet.withoutMs / 100 },
        target: '≤ 0.05 ms per step (of the 1 ms per-step budget)',
        pass: quietPerStep <= 0.05,
        note: 'Captured writes are copied to the step\'s log in memory and written as one chunk per second (or per 64 KB), each chunk a new object so object stores that cannot append work too; a step that prints nothing writes nothing. The terminal echo was sent nowhere in both runs. CPU time is compared because wall time on this shared machine varies by more than the difference measured; for the quiet chain, within each round of one run with storing and one without, as a whole run varies by more than the difference.',
      }),
    ];
  } finally {
    stdout.write = echo;
    delete process.env[DISABLE];
    sandbox.dispose();
  }
}

/**
 * Medians of wall and CPU time of several calls measured in turns, so load from elsewhere hits
 * them alike; every other round in reverse order, so none is always the one run first, while
 * the process is still speeding up (V8 optimizing the code as it runs).
 */
async function interleaved<K extends string>(runs: number, fns: Record<K, () => unknown>): Promise<Record<K, Times>> {
  const keys = Object.keys(fns) as K[];
  const samples = Object.fromEntries(keys.map((key) => [key, [] as Times[]])) as Record<K, Times[]>;
  for (let round = 0; round <= runs; round++) {
    for (const key of round % 2 ? [...keys].reverse() : keys) {
      const times = await timeBoth(fns[key]);
      if (round > 0) samples[key].push(times);
    }
  }
  const medians = (list: Times[]): Times => ({ wallMs: median(list.map((t) => t.wallMs)), cpuMs: median(list.map((t) => t.cpuMs)), threadCpuMs: median(list.map((t) => t.threadCpuMs)) });
  return Object.fromEntries(keys.map((key) => [key, medians(samples[key])])) as Record<K, Times>;
}

/**
 * The median over `rounds` of `withIt`'s JavaScript-thread CPU time minus `withoutIt`'s in the
 * same round (order alternating; one round first to warm both), and the median of `withoutIt`.
 * The JavaScript thread's time leaves out V8's compiler threads, whose work lands unevenly.
 */
async function pairedDifference(rounds: number, withIt: () => unknown, withoutIt: () => unknown): Promise<{ differenceMs: number; withoutMs: number }> {
  const differences: number[] = [];
  const without: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const times = new Map<() => unknown, Times>();
    for (const fn of round % 2 ? [withoutIt, withIt] : [withIt, withoutIt]) times.set(fn, await timeBoth(fn));
    if (round === 0) continue;
    differences.push(times.get(withIt)!.threadCpuMs - times.get(withoutIt)!.threadCpuMs);
    without.push(times.get(withoutIt)!.threadCpuMs);
  }
  return { differenceMs: median(differences), withoutMs: median(without) };
}
