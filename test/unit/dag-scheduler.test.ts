// runDag on synthetic DAGs: order, the parallelism bound, the execution modes and stop.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { availableParallelism } from 'node:os';
import { runDag, stepParallelism } from '../../src/execution/dag-scheduler.js';
import type { StepSpec } from '../../src/core/snapshot.js';
import type { RunJob, StepOutcome } from '../../src/stack/orchestrator.js';
import type { ExecutionMode } from '../../src/core/hook-config.js';

const spec = (id: string, upstream: string[] = []): StepSpec => ({
  id,
  stepName: id,
  sourceHash: '',
  parameters: {},
  inputs: {},
  upstream,
  outputs: [],
  config: { enableCache: false, settings: {}, extra: {}, tags: [], secrets: [] },
});

interface Trace {
  events: string[];
  skipped: string[];
  maxRunning: number;
}

/** Runs the DAG with each step taking `delays[id]` ms (default 10) and failing if listed in `failing`. */
async function run(
  steps: StepSpec[],
  options: { parallelism?: number; failing?: string[]; delays?: Record<string, number>; stopAfter?: string; settings?: Record<string, unknown>; mode?: ExecutionMode } = {},
): Promise<Trace> {
  const trace: Trace = { events: [], skipped: [], maxRunning: 0 };
  let running = 0;
  let stop = false;
  const job = {
    spec: { steps, executionMode: 'mode' in options ? options.mode : 'stopOnFailure' },
    abortRunningSteps: async () => void trace.events.push('abort'),
    settings: options.settings ?? {},
    markSkipped: async (step: StepSpec) => void trace.skipped.push(step.id),
    stopRequested: () => stop,
  } as unknown as RunJob;
  const execute = async (step: StepSpec): Promise<StepOutcome> => {
    running++;
    trace.maxRunning = Math.max(trace.maxRunning, running);
    trace.events.push(`start:${step.id}`);
    await new Promise((resolve) => setTimeout(resolve, options.delays?.[step.id] ?? 10));
    running--;
    trace.events.push(`end:${step.id}`);
    if (step.id === options.stopAfter) stop = true;
    if (options.failing?.includes(step.id)) {
      if (step.id.startsWith('throw')) throw new Error('thrown');
      return { status: 'failed', error: 'x' };
    }
    return { status: 'completed' };
  };
  await runDag(job, execute, options.parallelism);
  return trace;
}

const before = (trace: Trace, a: string, b: string) => trace.events.indexOf(`end:${a}`) < trace.events.indexOf(`start:${b}`);

describe('runDag', () => {
  test('every step starts after all its upstream steps ended', async () => {
    const steps = [spec('a'), spec('b', ['a']), spec('c', ['a']), spec('d', ['b', 'c'])];
    const trace = await run(steps, { parallelism: 4 });
    assert.equal(trace.events.length, 8);
    assert.ok(before(trace, 'a', 'b') && before(trace, 'a', 'c') && before(trace, 'b', 'd') && before(trace, 'c', 'd'));
    assert.deepEqual(trace.skipped, []);
  });

  test('independent steps overlap up to the bound and never beyond it', async () => {
    const steps = ['a', 'b', 'c', 'd', 'e'].map((id) => spec(id));
    assert.equal((await run(steps, { parallelism: 5 })).maxRunning, 5);
    assert.equal((await run(steps, { parallelism: 2 })).maxRunning, 2);
    assert.equal((await run(steps, { parallelism: 1 })).maxRunning, 1);
    assert.equal((await run(steps, { settings: { maxParallelism: 3 } })).maxRunning, 3, 'the job settings give the default bound');
  });

  test('stopOnFailure: after a failure nothing new starts, the rest is skipped', async () => {
    const steps = [spec('bad'), spec('sibling'), spec('child', ['bad']), spec('other')];
    const trace = await run(steps, { parallelism: 1, failing: ['bad'] });
    assert.deepEqual(trace.events, ['start:bad', 'end:bad']);
    assert.deepEqual(trace.skipped.sort(), ['child', 'other', 'sibling']);
  });

  test('a step that throws counts as failed', async () => {
    const trace = await run([spec('throwing'), spec('next', ['throwing'])], { failing: ['throwing'] });
    assert.deepEqual(trace.skipped, ['next']);
  });

  test('steps already running when another fails are awaited', async () => {
    const trace = await run([spec('slow'), spec('bad'), spec('later')], { parallelism: 2, failing: ['bad'], delays: { slow: 60, bad: 5 } });
    assert.ok(trace.events.includes('end:slow'), 'the running sibling was not awaited');
    assert.deepEqual(trace.skipped, ['later']);
  });

  test('continueOnFailure (the default with no mode in the snapshot): only what depends on the failed step is skipped', async () => {
    const steps = [spec('bad'), spec('sibling'), spec('child', ['bad']), spec('grandchild', ['child']), spec('other', ['sibling'])];
    const trace = await run(steps, { parallelism: 1, failing: ['bad'], mode: undefined as never });
    assert.deepEqual(trace.events.filter((e) => e.startsWith('start')), ['start:bad', 'start:sibling', 'start:other']);
    assert.deepEqual(trace.skipped.sort(), ['child', 'grandchild']);
    const noMode = await runDag({ spec: { steps }, settings: {}, markSkipped: async () => undefined, stopRequested: () => false } as unknown as RunJob, async (step) => ({ status: step.id === 'bad' ? 'failed' : 'completed' }), 1).then(() => 'done');
    assert.equal(noMode, 'done');
  });

  test('failFast: running steps are aborted and not awaited; the rest is skipped', async () => {
    const trace = await run([spec('slow'), spec('bad'), spec('later')], { parallelism: 2, failing: ['bad'], delays: { slow: 200, bad: 5 }, mode: 'failFast' });
    assert.deepEqual(trace.events, ['start:slow', 'start:bad', 'end:bad', 'abort']);
    assert.deepEqual(trace.skipped, ['later']);
  });

  test('a stop request starts nothing new', async () => {
    const trace = await run([spec('a'), spec('b', ['a']), spec('c', ['b'])], { stopAfter: 'a' });
    assert.deepEqual(trace.events, ['start:a', 'end:a']);
    assert.deepEqual(trace.skipped, ['b', 'c']);
  });
});

describe('stepParallelism', () => {
  test("the run's setting wins over the component's, which wins over the CPU count", () => {
    assert.equal(stepParallelism({ settings: { maxParallelism: 3 } }, 5), 3);
    assert.equal(stepParallelism({ settings: {} }, 5), 5);
    assert.equal(stepParallelism({ settings: {} }), availableParallelism());
  });

  test('values that are not positive integers are ignored', () => {
    assert.equal(stepParallelism({ settings: { maxParallelism: 0 } }, 'many'), availableParallelism());
    assert.equal(stepParallelism({ settings: { maxParallelism: 2.5 } }, 4), 4);
  });
});
