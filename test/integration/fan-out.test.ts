// Dynamic fan-out: `step.map()` runs one element step per item of a list known only at run time, and a fan-in collects them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, pipeline, step, unmapped, type PipelineRunResult } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-fanout-');

const statuses = (run: PipelineRunResult) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));

function fanOut(tag: string) {
  const load = step({ name: `${tag}_load` }, ({ xs }: { xs: number[] }) => xs);
  const square = step({ name: `${tag}_square` }, ({ x, offset }: { x: number; offset: number }) => x * x + offset);
  const total = step({ name: `${tag}_total` }, ({ ys }: { ys: number[] }) => ys.reduce((a, b) => a + b, 0));
  return pipeline({ name: `${tag}_fan` }, ({ xs }: { xs: number[] }) => {
    const squares = square.map({ x: load({ xs }), offset: 1 });
    total({ ys: squares });
  });
}

describe('dynamic fan-out', () => {
  test('one element step per item, each with its own artifact, collected in order by the fan-in', async () => {
    const run = await fanOut('basic')({ xs: [1, 2, 3] });
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(statuses(run), { basic_load: 'completed', basic_square_0: 'completed', basic_square_1: 'completed', basic_square_2: 'completed', basic_total: 'completed' });
    assert.equal(await run.steps.basic_total.outputs.output.load(), 2 + 5 + 10);
    assert.equal(run.steps.basic_square_1.outputs.output.name, 'basic_fan::basic_square_1::output');
    assert.deepEqual(run.steps.basic_square_2.stepRun.config.element, { of: 'basic_square', index: 2 });
    const fanIn = await new Client().getRunStep(run.steps.basic_total.id);
    assert.deepEqual(Object.keys(fanIn.inputs).sort(), ['ys[0]', 'ys[1]', 'ys[2]']);
  });

  test('each element has its own cache key: same list reuses all, one changed item re-runs only its element', async () => {
    const p = fanOut('cache');
    await p({ xs: [1, 2, 3] });
    const again = await p({ xs: [1, 2, 3] });
    assert.deepEqual(Object.values(statuses(again)), ['cached', 'cached', 'cached', 'cached', 'cached']);
    const changed = await p({ xs: [1, 7, 3] });
    assert.deepEqual(statuses(changed), { cache_load: 'completed', cache_square_0: 'cached', cache_square_1: 'completed', cache_square_2: 'cached', cache_total: 'completed' });
    assert.equal(await changed.steps.cache_total.outputs.output.load(), 2 + 50 + 10);
  });

  test('an empty list runs no element and the fan-in gets []', async () => {
    const run = await fanOut('empty')({ xs: [] });
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(statuses(run), { empty_load: 'completed', empty_total: 'completed' });
    assert.equal(await run.steps.empty_total.outputs.output.load(), 0);
  });

  test('a mapped output mapped again goes element by element; unmapped() passes a list whole', async () => {
    const load = step({ name: 'chain_load' }, () => [1, 2]);
    const double = step({ name: 'chain_double' }, ({ x }: { x: number }) => x * 2);
    const plus = step({ name: 'chain_plus' }, ({ x, all }: { x: number; all: number[] }) => x + all.length);
    const collect = step({ name: 'chain_collect' }, ({ ys }: { ys: number[] }) => ys);
    const run = await pipeline({ name: 'chain_fan' }, () => {
      const list = load();
      const doubled = double.map({ x: list });
      collect({ ys: plus.map({ x: doubled, all: unmapped(list) }) });
    })();
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(await run.steps.chain_collect.outputs.output.load(), [4, 6]);
  });

  test('mapping over something that is not a list fails the mapped step with the reason', async () => {
    const one = step({ name: 'bad_one' }, () => 5);
    const use = step({ name: 'bad_use' }, ({ x }: { x: number }) => x);
    const run = await pipeline({ name: 'bad_fan' }, () => {
      use.map({ x: one() as never });
    })();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /maps over input 'x'.*is a number, not a list/);
  });

  test('.map() without a step output to map over is a usage error at compile time', async () => {
    const use = step({ name: 'nomap_use' }, ({ x }: { x: number }) => x);
    const p = pipeline({ name: 'nomap' }, () => {
      use.map({ x: 3 });
    });
    await assert.rejects(p(), /maps over no step output/);
  });
});
