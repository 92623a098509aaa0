// step() and pipeline() declarations and the compiler: invocation ids, DAG order, config precedence.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OutputRef, pipeline, step } from '../../src/index.js';
import type { StepSpec } from '../../src/core/snapshot.js';

const load = step({ name: 'load' }, () => [1, 2, 3]);
const split = step({ name: 'split', outputs: ['a', 'b'] as const }, ({ xs }: { xs: number[] }) => ({ a: xs, b: xs }));
const sum = step({ name: 'sum' }, ({ xs }: { xs: number[] }) => xs.length);
const byId = (steps: StepSpec[]) => Object.fromEntries(steps.map((s) => [s.id, s]));

describe('step()', () => {
  test('takes its name from config or the function', () => {
    assert.equal(step({ name: 'x' }, () => 1).name, 'x');
    assert.equal(step(function named() {}).name, 'named');
  });

  test('refuses bad names, a missing function and repeated outputs', () => {
    assert.throws(() => step({ name: '9lives' }, () => 1), /Step name '9lives'/);
    assert.throws(() => step({ name: 'has space' }, () => 1), /may only contain/);
    assert.throws(() => step(() => 1), /needs a name/);
    assert.throws(() => step({ name: 'x' }, undefined as never), /needs a function/);
    assert.throws(() => step({ name: 'x', outputs: ['a', 'a'] as const }, () => ({ a: 1 })), /each of its outputs once/);
  });

  test('withOptions makes a copy with new config and the same function', async () => {
    const cached = step({ name: 'copyme', enableCache: true }, () => 5);
    const copy = cached.withOptions({ enableCache: false, retry: { maxRetries: 3 } });
    assert.equal(copy.config.enableCache, false);
    assert.equal(copy.config.retry?.maxRetries, 3);
    assert.equal(cached.config.enableCache, true);
    assert.equal(copy.name, 'copyme');
    assert.equal(await copy(), 5);
  });
});

describe('pipeline compile', () => {
  test('refuses a bad pipeline name', () => {
    assert.throws(() => pipeline({ name: 'a b' }, () => undefined), /Pipeline name 'a b'/);
    assert.throws(() => pipeline({} as never, () => undefined), /needs a name/);
  });

  test('records steps, artifact inputs, parameters and upstream ids in execution order', async () => {
    const p = pipeline({ name: 'compiled' }, ({ n = 1 }: { n?: number } = {}) => {
      const { a, b } = split({ xs: load() });
      sum({ xs: b }, { id: 'sum_b' });
      sum({ xs: a }, { after: ['sum_b'] });
      void n;
    });
    const { spec } = await p.compile({ n: 2 });
    assert.equal(spec.pipeline.name, 'compiled');
    assert.deepEqual(spec.parameters, { n: 2 });
    assert.deepEqual(spec.steps.map((s) => s.id), ['load', 'split', 'sum_b', 'sum']);
    const steps = byId(spec.steps);
    assert.deepEqual(steps.split.inputs, { xs: { kind: 'artifact', step: 'load', output: 'output' } });
    assert.deepEqual(steps.split.upstream, ['load']);
    assert.deepEqual(steps.sum.upstream.sort(), ['split', 'sum_b']);
    assert.deepEqual(steps.split.outputs.map((o) => o.artifactName), ['compiled::split::a', 'compiled::split::b']);
    assert.equal(steps.sum_b.stepName, 'sum');
    assert.ok(spec.source?.file.endsWith('compile.test.ts'), `source file ${spec.source?.file}`);
  });

  test('orders by dependencies even when steps are called out of order via after', async () => {
    const first = step({ name: 'first' }, () => 1);
    const second = step({ name: 'second' }, () => 2);
    const p = pipeline({ name: 'reordered' }, () => {
      second(undefined, { after: ['first'] });
      first();
    });
    assert.deepEqual((await p.compile()).spec.steps.map((s) => s.id), ['first', 'second']);
  });

  test('an OutputRef from another pipeline definition is refused', async () => {
    let leaked: OutputRef<number[]> | undefined;
    await pipeline({ name: 'leaker' }, () => {
      leaked = load();
    }).compile();
    const p = pipeline({ name: 'borrower' }, () => {
      sum({ xs: leaked! });
    });
    await assert.rejects(p.compile(), /input 'xs' comes from 'load', which is not part of pipeline 'borrower'/);
  });

  test('a step input that is not an object is refused', async () => {
    const p = pipeline({ name: 'positional' }, () => {
      sum([1, 2] as never);
    });
    await assert.rejects(p.compile(), /takes one object argument/);
  });

  test('a pipeline called inside another pipeline definition is refused', async () => {
    const inner = pipeline({ name: 'inner' }, () => {
      load();
    });
    const outer = pipeline({ name: 'outer' }, async () => {
      await inner.compile();
    });
    await assert.rejects(outer.compile(), /cannot be called inside another pipeline/);
  });

  test('two pipelines compiled at once each see only their own steps', async () => {
    const slowDefinition = pipeline({ name: 'slow_def' }, async () => {
      load();
      await new Promise((resolve) => setTimeout(resolve, 20));
      sum({ xs: [1] });
    });
    const fastDefinition = pipeline({ name: 'fast_def' }, () => {
      split({ xs: [1] });
    });
    const [slow, fast] = await Promise.all([slowDefinition.compile(), fastDefinition.compile()]);
    assert.deepEqual(slow.spec.steps.map((s) => s.id), ['load', 'sum']);
    assert.deepEqual(fast.spec.steps.map((s) => s.id), ['split']);
  });
});

describe('config precedence', () => {
  const configured = step({ name: 'configured', enableCache: false, retry: { maxRetries: 1 }, settings: { s: 'step' }, tags: ['step'] }, () => 1);
  const plain = step({ name: 'plain' }, () => 2);
  const p = pipeline({ name: 'precedence', enableCache: true, retry: { maxRetries: 5 }, settings: { s: 'pipeline', p: 'pipeline' }, extra: { owner: 'me' } }, () => {
    configured();
    plain();
  });

  test('the step wins over the pipeline; the pipeline fills in what the step leaves out', async () => {
    const steps = byId((await p.compile()).spec.steps);
    assert.equal(steps.configured.config.enableCache, false);
    assert.equal(steps.configured.config.retry?.maxRetries, 1);
    assert.deepEqual(steps.configured.config.settings, { s: 'step', p: 'pipeline' });
    assert.deepEqual(steps.configured.config.tags, ['step']);
    assert.equal(steps.plain.config.enableCache, true);
    assert.equal(steps.plain.config.retry?.maxRetries, 5);
    assert.deepEqual(steps.plain.config.extra, { owner: 'me' });
  });

  test('run options sit between: over the pipeline, under the step; per-step run options win over all', async () => {
    const run = p.withOptions({ enableCache: false, settings: { s: 'run' }, steps: { configured: { enableCache: true, retry: { maxRetries: 9 } } } });
    const steps = byId((await run.compile()).spec.steps);
    assert.equal(steps.plain.config.enableCache, false);
    assert.deepEqual(steps.plain.config.settings, { s: 'run', p: 'pipeline' });
    assert.equal(steps.configured.config.enableCache, true);
    assert.equal(steps.configured.config.retry?.maxRetries, 9);
    assert.deepEqual(steps.configured.config.settings, { s: 'step', p: 'pipeline' });
  });

  test('invocations of one step each get their own config: per-invocation run options and hooks stay theirs', async () => {
    const onFailure = () => undefined;
    const repeated = step({ name: 'repeated', settings: { s: 'step' }, tags: ['t'], onFailure }, () => 3);
    const thrice = pipeline({ name: 'thrice' }, () => {
      repeated();
      repeated();
      repeated();
    });
    const steps = byId((await thrice.withOptions({ steps: { repeated_3: { enableCache: false } } }).compile()).spec.steps);
    assert.deepEqual(Object.keys(steps), ['repeated', 'repeated_2', 'repeated_3']);
    assert.notEqual(steps.repeated.config, steps.repeated_2.config);
    assert.deepEqual(steps.repeated.config.settings, { s: 'step' });
    assert.deepEqual(steps.repeated_2.config.tags, ['t']);
    assert.equal(steps.repeated.config.enableCache, true);
    assert.equal(steps.repeated_2.config.enableCache, true);
    assert.equal(steps.repeated_3.config.enableCache, false);
    assert.deepEqual(steps.repeated_2.config.hooks, { onFailure: { function: 'onFailure' } });
    // What one invocation's spec is given stays its own.
    steps.repeated.config.hooks = undefined;
    assert.deepEqual(steps.repeated_2.config.hooks, { onFailure: { function: 'onFailure' } });
  });

  test('per-step parameters from run options are merged; an artifact input cannot be overridden', async () => {
    const takesXs = pipeline({ name: 'params' }, () => {
      sum({ xs: load() });
    });
    await assert.rejects(takesXs.withOptions({ steps: { sum: { parameters: { xs: [1] } } } }).compile(), /input 'xs' is an artifact/);
    const withParam = pipeline({ name: 'params2' }, () => {
      sum({ xs: [1, 2] });
    });
    const scaleBy = step({ name: 'scale_by' }, ({ xs, by = 1 }: { xs: number[]; by?: number }) => xs.map((x) => x * by));
    const withDefault = pipeline({ name: 'params3' }, () => {
      scaleBy({ xs: [1, 2] });
    });
    const steps = byId((await withDefault.withOptions({ steps: { scale_by: { parameters: { by: 3 } } } }).compile()).spec.steps);
    assert.deepEqual(steps.scale_by.parameters, { xs: [1, 2], by: 3 });
    // A parameter the step does not take is an error naming it and the known ones.
    await assert.rejects(
      withParam.withOptions({ steps: { sum: { parameters: { extra: true } } } }).compile(),
      /Step 'sum' takes no parameter 'steps\.sum\.parameters\.extra' \(set in withOptions\(\)\)\. Its parameters: xs\./,
    );
  });

  test('unknown parameters: step keys the function neither destructures nor is passed, pipeline keys it never reads', async () => {
    const train = step({ name: 'train' }, ({ data, nEstimators = 10 }: { data: number[]; nEstimators?: number }) => data.length * nEstimators);
    const opaque = step({ name: 'opaque' }, (inputs: { lr?: number }) => inputs.lr ?? 0);
    const rest = step({ name: 'rest' }, ({ ...all }: Record<string, unknown>) => Object.keys(all).length);
    const flow = pipeline({ name: 'typos' }, ({ ratio = 0.5, seed }: { ratio?: number; seed?: number } = {}) => {
      train({ data: load() });
      opaque({ lr: seed });
      rest();
      void ratio;
    });
    await assert.rejects(
      flow.withOptions({ steps: { train: { parameters: { nEstimator: 5 } } } }).compile(),
      /Step 'train' takes no parameter 'steps\.train\.parameters\.nEstimator'.*Its parameters: nEstimators\./,
    );
    // The function takes its argument whole: the call's keys (undefined included) are what it takes.
    await flow.withOptions({ steps: { opaque: { parameters: { lr: 0.1 } } } }).compile();
    await assert.rejects(flow.withOptions({ steps: { opaque: { parameters: { momentum: 0.9 } } } }).compile(), /'steps\.opaque\.parameters\.momentum'.*Its parameters: lr\. \(Destructure/);
    // A ...rest pattern takes anything.
    await flow.withOptions({ steps: { rest: { parameters: { anything: 1 } } } }).compile();
    // Pipeline parameters: destructured keys (with or without a default) are read; others are not.
    await flow.compile({ ratio: 0.7, seed: 1 });
    await assert.rejects(flow.compile({ ratoi: 0.7 } as never), /Pipeline 'typos' takes no parameter 'ratoi' \(set in the call or withOptions\(\)\)\. Its parameters: ratio, seed\./);
    await assert.rejects(flow.withOptions({ parameters: { nEstimators: 3 } }).compile(), /Pipeline 'typos' takes no parameter 'nEstimators'/);
    const none = pipeline({ name: 'no_params' }, () => {
      rest();
    });
    await assert.rejects(none.withOptions({ parameters: { x: 1 } }).compile(), /takes no parameter 'x'.*reads no parameters/);
    // Spreading the parameters reads them all.
    const spread = pipeline({ name: 'spread' }, (params: Record<string, unknown> = {}) => {
      rest({ ...params });
    });
    await spread.compile({ a: 1, b: 2 });
  });
});
