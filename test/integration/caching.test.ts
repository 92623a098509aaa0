// Cache hits and misses (§4 cache key): what invalidates a step, and only the steps downstream of the change.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Client, pipeline, step, type PipelineRunResult } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-cache-');

const statuses = (run: PipelineRunResult) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));
const outputIds = (run: PipelineRunResult) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.outputs.output.id]));

/** A three-step chain first → middle → last whose middle step has a parameter; `tag` keeps each test's steps apart. */
function chain(tag: string, middleBody?: (input: { xs: number[]; k: number }) => number[]) {
  const first = step({ name: `${tag}_first` }, ({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i));
  const middle = step({ name: `${tag}_middle` }, middleBody ?? (({ xs, k }: { xs: number[]; k: number }) => xs.map((x) => x + k)));
  const last = step({ name: `${tag}_last` }, ({ xs }: { xs: number[] }) => xs.reduce((a, b) => a + b, 0));
  return pipeline({ name: `${tag}_chain` }, ({ n = 3, k = 1 }: { n?: number; k?: number } = {}) => {
    last({ xs: middle({ xs: first({ n }), k }) });
  });
}

describe('caching', () => {
  test('a second identical run is all cached and reuses the same output versions', async () => {
    const p = chain('same');
    const first = await p();
    assert.deepEqual(statuses(first), { same_first: 'completed', same_middle: 'completed', same_last: 'completed' });
    const second = await p();
    assert.deepEqual(statuses(second), { same_first: 'cached', same_middle: 'cached', same_last: 'cached' });
    assert.deepEqual(outputIds(second), outputIds(first));
    for (const s of Object.values(second.steps)) {
      assert.equal(s.cached, true);
      assert.equal(s.stepRun.originalStepRunId, first.steps[s.invocationId].id);
    }
    assert.equal(await second.steps.same_last.outputs.output.load(), 6);
  });

  test('as in ZenML, a hit reuses the step run that executed, not an earlier hit of it', async () => {
    const p = chain('orig');
    const first = await p();
    await p();
    const third = await p();
    for (const s of Object.values(third.steps)) assert.equal(s.stepRun.originalStepRunId, first.steps[s.invocationId].id, `${s.invocationId} points to the run that computed it`);
    // Without the run that executed them, its hits do not stand in for it: the steps run again.
    await new Client().deletePipelineRun(first.id);
    assert.deepEqual(statuses(await p()), { orig_first: 'completed', orig_middle: 'completed', orig_last: 'completed' });
  });

  test('changing a parameter re-runs that step and what depends on it, not what comes before', async () => {
    const p = chain('param');
    await p({ k: 1 });
    const changed = await p({ k: 2 });
    assert.deepEqual(statuses(changed), { param_first: 'cached', param_middle: 'completed', param_last: 'completed' });
    assert.equal(await changed.steps.param_last.outputs.output.load(), 9);
  });

  test("changing a step function's source re-runs it and its downstream", async () => {
    await chain('src')();
    const edited = await chain('src', ({ xs, k }) => xs.map((x) => x * 10 + k))();
    assert.deepEqual(statuses(edited), { src_first: 'cached', src_middle: 'completed', src_last: 'completed' });
    assert.equal(await edited.steps.src_last.outputs.output.load(), 33);
  });

  test('changing an input re-runs every step fed by it', async () => {
    const p = chain('input');
    await p({ n: 3 });
    const changed = await p({ n: 4 });
    assert.deepEqual(statuses(changed), { input_first: 'completed', input_middle: 'completed', input_last: 'completed' });
  });

  test('a step whose new input has the same content is still a hit (content hash)', async () => {
    const clip = step({ name: 'clip' }, ({ n }: { n: number }) => Math.min(n, 2));
    const double = step({ name: 'double' }, ({ x }: { x: number }) => x * 2);
    const p = pipeline({ name: 'content' }, ({ n }: { n: number }) => {
      double({ x: clip({ n }) });
    });
    await p({ n: 5 });
    const again = await p({ n: 6 });
    assert.deepEqual(statuses(again), { clip: 'completed', double: 'cached' });
  });

  test('deleting an output folder forces that step to run again', async () => {
    const p = chain('deleted');
    const first = await p();
    rmSync(first.steps.deleted_middle.outputs.output.uri, { recursive: true, force: true });
    const second = await p();
    assert.deepEqual(statuses(second), { deleted_first: 'cached', deleted_middle: 'completed', deleted_last: 'cached' });
    assert.notEqual(second.steps.deleted_middle.outputs.output.id, first.steps.deleted_middle.outputs.output.id);
    assert.equal(second.steps.deleted_middle.outputs.output.version, 2);
    assert.deepEqual(await second.steps.deleted_middle.outputs.output.load(), [1, 2, 3]);
    // Its row, begun with the refused candidate's log, is taken back as a first attempt with a log of its own.
    const rerun = second.steps.deleted_middle.stepRun;
    assert.equal(rerun.attempts, 1);
    assert.ok(rerun.logsUri);
    assert.notEqual(rerun.logsUri, first.steps.deleted_middle.stepRun.logsUri);
  });
});

describe('cache scope', () => {
  test('the same step in another pipeline, or under another invocation id, is not a hit: its outputs keep their own names', async () => {
    const shared = step({ name: 'shared' }, () => 'same');
    const first = await pipeline({ name: 'scope_a' }, () => {
      shared();
    })();
    const other = await pipeline({ name: 'scope_b' }, () => {
      shared();
      shared();
    })();
    assert.equal(first.steps.shared.status, 'completed');
    assert.deepEqual(statuses(other), { shared: 'completed', shared_2: 'completed' });
    assert.equal(other.steps.shared.outputs.output.name, 'scope_b::shared::output');
    assert.equal(other.steps.shared_2.outputs.output.name, 'scope_b::shared_2::output');
  });
});

describe('enableCache on pipeline, run and step (step wins)', () => {
  const one = (tag: string, stepCache?: boolean) =>
    step({ name: `${tag}_one`, ...(stepCache === undefined ? {} : { enableCache: stepCache }) }, () => 'v');
  const two = (tag: string) => step({ name: `${tag}_two` }, () => 'w');

  test('pipeline enableCache: false disables caching; a step enableCache: true overrides it', async () => {
    const a = one('pipe', true);
    const b = two('pipe');
    const p = pipeline({ name: 'pipe_off', enableCache: false }, () => {
      a();
      b();
    });
    await p();
    assert.deepEqual(statuses(await p()), { pipe_one: 'cached', pipe_two: 'completed' });
  });

  test('run enableCache: false disables caching; a step enableCache: true overrides it', async () => {
    const a = one('run', true);
    const b = two('run');
    const p = pipeline({ name: 'run_off' }, () => {
      a();
      b();
    });
    await p();
    assert.deepEqual(statuses(await p.withOptions({ enableCache: false })()), { run_one: 'cached', run_two: 'completed' });
    assert.deepEqual(statuses(await p()), { run_one: 'cached', run_two: 'cached' });
  });

  test('step enableCache: false re-runs that step even when the pipeline caches', async () => {
    const a = one('stepoff', false);
    const b = two('stepoff');
    const p = pipeline({ name: 'step_off', enableCache: true }, () => {
      a();
      b();
    });
    await p();
    assert.deepEqual(statuses(await p()), { stepoff_one: 'completed', stepoff_two: 'cached' });
    assert.deepEqual(statuses(await p.withOptions({ steps: { stepoff_one: { enableCache: true } } })()), { stepoff_one: 'cached', stepoff_two: 'cached' });
  });

  test('no temp folders are left behind', async () => {
    assert.deepEqual(await box.tempLeftovers(), []);
  });
});
