// withOptions() and the YAML run config: the same keys, merged, with conflicts and bad files refused before anything is stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, pipeline, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-options-');

const source = step({ name: 'source' }, ({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i + 1));
const scale = step({ name: 'scale' }, ({ xs, factor = 1 }: { xs: number[]; factor?: number }) => xs.map((x) => x * factor));
const scaled = pipeline({ name: 'scaled' }, ({ n = 3 }: { n?: number } = {}) => {
  const xs = source({ n });
  scale({ xs });
});

/** Asserts `promise` rejects with a one-line message matching `pattern`, and that no run or pipeline was stored. */
async function rejectsWithoutWriting(promise: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const client = new Client();
  const runsBefore = (await client.listPipelineRuns()).total;
  const pipelinesBefore = (await client.listPipelines()).total;
  await assert.rejects(promise(), (error: Error) => {
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    return true;
  });
  assert.equal((await client.listPipelineRuns()).total, runsBefore, 'a run was stored');
  assert.equal((await client.listPipelines()).total, pipelinesBefore, 'a pipeline was stored');
}

describe('withOptions()', () => {
  test('runName, enableCache and per-step parameters apply to the run and are stored', async () => {
    const first = await scaled.withOptions({ runName: 'scaled-by-two', steps: { scale: { parameters: { factor: 2 } } } })();
    assert.equal(first.status, 'completed', first.error);
    assert.equal(first.name, 'scaled-by-two');
    assert.deepEqual(await first.steps.scale.outputs.output.load(), [2, 4, 6]);
    assert.deepEqual(first.steps.scale.stepRun.parameters, { factor: 2 });

    const again = await scaled.withOptions({ steps: { scale: { parameters: { factor: 2 } } } })();
    assert.equal(again.steps.scale.status, 'cached');
    const uncached = await scaled.withOptions({ enableCache: false, steps: { scale: { parameters: { factor: 2 } } } })();
    assert.deepEqual(Object.values(uncached.steps).map((s) => s.status), ['completed', 'completed']);
  });

  test('withOptions returns a copy and leaves the original untouched', async () => {
    const copy = scaled.withOptions({ runName: 'copy-run' });
    assert.equal(copy.options.runName, 'copy-run');
    assert.equal(scaled.options.runName, undefined);
    const layered = copy.withOptions({ steps: { scale: { parameters: { factor: 4 } } } });
    assert.equal(layered.options.runName, 'copy-run');
    assert.deepEqual(layered.options.steps, { scale: { parameters: { factor: 4 } } });
  });

  test('a parameter set in code and differently in withOptions is an error', async () => {
    const fixed = pipeline({ name: 'fixed_factor' }, () => {
      scale({ xs: source({ n: 2 }), factor: 3 });
    });
    await rejectsWithoutWriting(() => fixed.withOptions({ steps: { scale: { parameters: { factor: 5 } } } })(), /steps\.scale\.parameters\.factor.*3.*5/);
    const same = await fixed.withOptions({ steps: { scale: { parameters: { factor: 3 } } } })();
    assert.equal(same.status, 'completed', same.error);
  });

  test('options for a step the pipeline does not have are an error', async () => {
    await rejectsWithoutWriting(() => scaled.withOptions({ steps: { nope: { parameters: { a: 1 } } } })(), /step 'nope'/);
  });
});

describe('YAML run config', () => {
  test('the same keys as withOptions: runName, enableCache, parameters, steps', async () => {
    const path = box.sandbox.write(
      'run.yaml',
      ['runName: yaml-run', 'enableCache: false', 'parameters:', '  n: 4', 'steps:', '  scale:', '    parameters:', '      factor: 10', ''].join('\n'),
    );
    const run = await scaled.withOptions({ configPath: path })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.name, 'yaml-run');
    assert.deepEqual(await run.steps.scale.outputs.output.load(), [10, 20, 30, 40]);
    assert.deepEqual(run.steps.scale.stepRun.parameters, { factor: 10 });
    assert.deepEqual(run.steps.source.stepRun.parameters, { n: 4 });
    assert.equal(run.steps.scale.cached, false);
    assert.equal(run.steps.source.cached, false);
  });

  test('a value set the same way in code and YAML is fine', async () => {
    const path = box.sandbox.write('same.yaml', 'enableCache: true\nsteps:\n  scale:\n    parameters:\n      factor: 7\n');
    const run = await scaled.withOptions({ configPath: path, enableCache: true, steps: { scale: { parameters: { factor: 7 } } } })();
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(await run.steps.scale.outputs.output.load(), [7, 14, 21]);
  });

  test('a value set differently in YAML and code is a one-line error naming the key', async () => {
    const path = box.sandbox.write('conflict.yaml', 'runName: from-yaml\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: path, runName: 'from-code' })(), /'runName' is "from-code" in code but "from-yaml" in .*conflict\.yaml/);
    const steps = box.sandbox.write('conflict-steps.yaml', 'steps:\n  scale:\n    parameters:\n      factor: 2\n');
    await rejectsWithoutWriting(
      () => scaled.withOptions({ configPath: steps, steps: { scale: { parameters: { factor: 3 } } } })(),
      /steps\.scale\.parameters\.factor/,
    );
    const params = box.sandbox.write('conflict-params.yaml', 'parameters:\n  n: 9\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: params })({ n: 2 }), /parameters\.n/);
  });

  test('an unknown key is a one-line error listing the allowed keys', async () => {
    const top = box.sandbox.write('unknown.yaml', 'runname: typo\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: top })(), /unknown key 'runname'.*Allowed keys: .*runName/);
    const nested = box.sandbox.write('unknown-step.yaml', 'steps:\n  scale:\n    params:\n      factor: 2\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: nested })(), /unknown key 'steps\.scale\.params'/);
  });

  test('malformed YAML, a non-mapping and a missing file are one-line errors naming the file', async () => {
    const malformed = box.sandbox.write('malformed.yaml', 'steps: [unclosed\n  - : :\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: malformed })(), /malformed\.yaml is not valid YAML/);
    const list = box.sandbox.write('list.yaml', '- a\n- b\n');
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: list })(), /list\.yaml must be a mapping/);
    await rejectsWithoutWriting(() => scaled.withOptions({ configPath: `${box.sandbox.cwd}/missing.yaml` })(), /missing\.yaml does not exist/);
  });
});

describe('value types in code (the same schema as the YAML run config)', () => {
  test('withOptions() values of the wrong type are refused with their paths, before anything is stored', async () => {
    const loose = scaled as unknown as { withOptions(options: Record<string, unknown>): () => Promise<unknown> };
    await rejectsWithoutWriting(() => loose.withOptions({ runName: 123 })(), /withOptions.*: runName: must be a string \(got 123\)/);
    await rejectsWithoutWriting(() => loose.withOptions({ enableCache: 'no' })(), /enableCache: must be a boolean \(got "no"\)/);
    await rejectsWithoutWriting(
      () => loose.withOptions({ tags: 'notalist', steps: { scale: { parameters: 5, retry: { maxRetries: -5 } } } })(),
      /has 3 invalid values: tags: must be an array.*; steps\.scale\.parameters: must be an object \(got 5\); steps\.scale\.retry\.maxRetries: must be >= 0/,
    );
  });

  test("a pipeline's and a step's own config are checked too", async () => {
    const badPipeline = pipeline({ name: 'bad_pipeline_config', secrets: 'nosuch' } as never, () => {
      scale({ xs: source({ n: 1 }) });
    });
    await rejectsWithoutWriting(() => badPipeline(), /config of pipeline 'bad_pipeline_config' has an invalid value: secrets: must be an array \(got "nosuch"\)/);
    const badStep = source.withOptions({ settings: 3, extra: 'x' } as never);
    const usesBadStep = pipeline({ name: 'bad_step_config' }, () => {
      badStep({ n: 1 });
    });
    await rejectsWithoutWriting(() => usesBadStep(), /config of step 'source' has 2 invalid values: settings: must be an object \(got 3\); extra: must be an object \(got "x"\)/);
  });
});
