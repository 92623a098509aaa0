// The local orchestrator overlaps independent steps, bounded by settings.orchestrator.maxParallelism.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { pipeline, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-parallel-');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const napA = step({ name: 'nap_a', enableCache: false }, async () => {
  await sleep(300);
  return Date.now();
});
const napB = step({ name: 'nap_b', enableCache: false }, async () => {
  await sleep(300);
  return Date.now();
});
const naps = pipeline({ name: 'naps' }, () => {
  napA();
  napB();
});

async function timed(run: () => Promise<{ status: string; error?: string }>): Promise<number> {
  const started = Date.now();
  const result = await run();
  assert.equal(result.status, 'completed', result.error);
  return Date.now() - started;
}

describe('local orchestrator parallelism', () => {
  // Opening the store and loading the stack happen once; keep them out of the timings.
  before(async () => {
    await naps();
  });

  test('two independent 300 ms steps overlap', async () => {
    const elapsed = await timed(() => naps());
    assert.ok(elapsed < 550, `took ${elapsed} ms`);
  });

  test('maxParallelism: 1 runs them one after the other', async () => {
    const elapsed = await timed(() => naps.withOptions({ settings: { orchestrator: { maxParallelism: 1 } } })());
    assert.ok(elapsed >= 600, `took ${elapsed} ms`);
  });

  test('the step runs record overlapping intervals only when parallel', async () => {
    const parallel = await naps();
    const overlap = (run: typeof parallel) =>
      Date.parse(run.steps.nap_b.stepRun.started!) < Date.parse(run.steps.nap_a.stepRun.ended!) &&
      Date.parse(run.steps.nap_a.stepRun.started!) < Date.parse(run.steps.nap_b.stepRun.ended!);
    assert.equal(overlap(parallel), true);
    const serial = await pipeline({ name: 'naps_serial', settings: { orchestrator: { maxParallelism: 1 } } }, () => {
      napA();
      napB();
    })();
    assert.equal(overlap(serial), false);
  });
});
