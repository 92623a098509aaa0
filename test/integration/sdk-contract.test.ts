// The SDK contract of ARCHITECTURE.md §3, exercised through real runs on the default local stack.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, OutputRef, getStepContext, logMetadata, pipeline, saveArtifact, step, type StepContext } from '../../src/index.js';
import { getZenContext } from '../../src/context/zen-context.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-contract-');
const store = async () => (await getZenContext()).store;

// The demo pipeline, verbatim from §3.
const loadData = step({ name: 'load_data' }, async () => [1, 2, 3, 4]);
const split = step({ name: 'split', outputs: ['train', 'test'] as const }, ({ data, ratio }: { data: number[]; ratio: number }) => ({
  train: data.slice(0, Math.floor(data.length * ratio)),
  test: data.slice(Math.floor(data.length * ratio)),
}));
const mean = step({ name: 'mean' }, ({ xs }: { xs: number[] }) => xs.reduce((a, b) => a + b, 0) / xs.length);

const seenRefs: unknown[] = [];
const demo = pipeline({ name: 'demo' }, ({ ratio = 0.5 }: { ratio?: number } = {}) => {
  const data = loadData();
  const { train, test } = split({ data, ratio });
  mean({ xs: train });
  const last = mean({ xs: test }, { id: 'mean_test', after: ['split'] });
  seenRefs.push(data, train, test, last);
});

describe('the demo pipeline (§3)', () => {
  test('a step called outside a pipeline runs its function and returns the value', async () => {
    assert.equal(await mean({ xs: [1, 2] }), 1.5);
    assert.deepEqual(await split({ data: [1, 2, 3, 4], ratio: 0.5 }), { train: [1, 2], test: [3, 4] });
    assert.deepEqual(await loadData(), [1, 2, 3, 4]);
  });

  test('runs, stores every step, names artifacts <pipeline>::<invocation>::<output> and loads them back', async () => {
    seenRefs.length = 0;
    const run = await demo({ ratio: 0.75 });
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.pipelineName, 'demo');
    assert.deepEqual(Object.keys(run.steps).sort(), ['load_data', 'mean', 'mean_test', 'split']);
    for (const stepRun of Object.values(run.steps)) assert.equal(stepRun.status, 'completed');

    // Inside the pipeline function a call gives OutputRefs, not values.
    assert.equal(seenRefs.length, 4);
    for (const ref of seenRefs) assert.ok(ref instanceof OutputRef, `${String(ref)} is an OutputRef`);
    const [data, train, test, last] = seenRefs as OutputRef[];
    assert.deepEqual([data.invocationId, data.outputName], ['load_data', 'output']);
    assert.deepEqual([train.invocationId, train.outputName], ['split', 'train']);
    assert.deepEqual([test.invocationId, test.outputName], ['split', 'test']);
    assert.deepEqual([last.invocationId, last.outputName], ['mean_test', 'output']);

    assert.deepEqual(
      Object.fromEntries(Object.entries(run.steps.split.outputs).map(([name, version]) => [name, version.name])),
      { train: 'demo::split::train', test: 'demo::split::test' },
    );
    const client = new Client();
    const meanVersion = await client.getArtifactVersion('demo::mean::output');
    assert.equal(meanVersion.version, 1);
    assert.equal(await meanVersion.load(), 2); // mean of [1, 2, 3]
    assert.equal(await (await client.getArtifactVersion('demo::mean_test::output')).load(), 4);
    assert.deepEqual(await run.steps.split.outputs.test.load(), [4]);

    // Lineage: split consumed load_data's version, mean consumed split's train.
    assert.equal(run.steps.split.stepRun.inputs.data, run.steps.load_data.outputs.output.id);
    assert.equal(run.steps.mean.stepRun.inputs.xs, run.steps.split.outputs.train.id);
    const producer = await client.getArtifactVersion('demo::split::train');
    assert.equal(producer.producerStepRunId, run.steps.split.id);
    assert.equal(producer.producerRunId, run.id);
    const consumers = await (await store()).listConsumers(producer.id);
    assert.deepEqual(consumers.map((c) => c.invocationId), ['mean']);
  });

  test('parameters are stored with the step run; artifact inputs are not parameters', async () => {
    const run = await demo({ ratio: 0.5 });
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(run.steps.split.stepRun.parameters, { ratio: 0.5 });
    assert.deepEqual(Object.keys(run.steps.split.stepRun.inputs), ['data']);
    const stored = await new Client().getRunStep(run.steps.split.id);
    assert.deepEqual(stored.parameters, { ratio: 0.5 });
  });

  test('versions of one artifact name count 1, 2, 3 across runs', async () => {
    const counter = step({ name: 'counter' }, ({ n }: { n: number }) => n);
    const versioned = pipeline({ name: 'versioned' }, ({ n }: { n: number }) => {
      counter({ n });
    });
    const versions: number[] = [];
    for (const n of [1, 2, 3]) {
      const run = await versioned({ n });
      assert.equal(run.status, 'completed', run.error);
      versions.push(Number(run.steps.counter.outputs.output.version));
    }
    assert.deepEqual(versions, [1, 2, 3]);
    const client = new Client();
    assert.equal(await (await client.getArtifactVersion('versioned::counter::output', 2)).load(), 2);
    assert.equal(await (await client.getArtifactVersion('versioned::counter::output')).load(), 3);
    const page = await client.listArtifactVersions({ name: 'versioned::counter::output' });
    assert.deepEqual(page.items.map((v) => v.version), [3, 2, 1]);
  });
});

describe('steps that return nothing', () => {
  test('complete with no output; a cached re-run skips them; consuming their output is a clear error', async () => {
    let calls = 0;
    const notify = step({ name: 'notify' }, () => {
      calls++;
    });
    const quiet = pipeline({ name: 'quiet' }, () => {
      notify();
    });
    const run = await quiet();
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(run.steps.notify.outputs, {});
    assert.equal((await quiet()).steps.notify.status, 'cached');
    assert.equal(calls, 1);

    const use = step({ name: 'use' }, ({ x }: { x: unknown }) => x);
    const wired = await pipeline({ name: 'wired_void' }, () => {
      use({ x: notify() });
    })();
    assert.equal(wired.status, 'failed');
    assert.match(wired.error ?? '', /step 'notify' has no output 'output'.*returns nothing/);
  });
});

describe('invocation ids and ordering', () => {
  test('repeats get _2, _3; { id } overrides', async () => {
    const echo = step({ name: 'echo' }, ({ v }: { v: number }) => v);
    const ids = pipeline({ name: 'ids' }, () => {
      echo({ v: 1 });
      echo({ v: 2 });
      echo({ v: 3 });
      echo({ v: 4 }, { id: 'custom' });
    });
    const compiled = await ids.compile();
    assert.deepEqual(compiled.spec.steps.map((s) => s.id), ['echo', 'echo_2', 'echo_3', 'custom']);
    const run = await ids();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(await run.steps.echo_3.outputs.output.load(), 3);
    assert.equal(run.steps.custom.outputs.output.name, 'ids::custom::output');
    assert.equal(run.steps.echo_2.stepRun.stepName, 'echo');
  });

  test('after: a step starts only once the steps it names have ended', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const slow = step({ name: 'slow' }, async () => {
      await sleep(150);
      return 'slow';
    });
    const fast = step({ name: 'fast' }, () => 'fast');
    const ordered = pipeline({ name: 'ordered' }, () => {
      slow();
      fast(undefined, { after: ['slow'] });
    });
    const run = await ordered();
    assert.equal(run.status, 'completed', run.error);
    const slowEnded = Date.parse(run.steps.slow.stepRun.ended!);
    const fastStarted = Date.parse(run.steps.fast.stepRun.started!);
    assert.ok(fastStarted >= slowEnded, `fast started ${fastStarted} before slow ended ${slowEnded}`);
    assert.ok(slowEnded - Date.parse(run.steps.slow.stepRun.started!) >= 140);
  });
});

describe('artifact names, external artifacts, step context and metadata', () => {
  test('a per-output artifact name overrides the default', async () => {
    const pair = step(
      { name: 'pair', outputs: ['left', 'right'] as const, artifacts: { left: { name: 'my_left' } } },
      () => ({ left: 'L', right: 'R' }),
    );
    const named = pipeline({ name: 'named' }, () => {
      pair();
    });
    const run = await named();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.steps.pair.outputs.left.name, 'my_left');
    assert.equal(run.steps.pair.outputs.right.name, 'named::pair::right');
    assert.equal(await (await new Client().getArtifactVersion('my_left')).load(), 'L');
  });

  test('an artifact version from the Client passed to a step is an external artifact input', async () => {
    const saved = await saveArtifact([10, 20, 30], 'external_numbers');
    const client = new Client();
    const version = await client.getArtifactVersion<number[]>('external_numbers');
    const total = step({ name: 'total' }, ({ xs }: { xs: number[] }) => xs.reduce((a, b) => a + b, 0));
    const external = pipeline({ name: 'external' }, () => {
      total({ xs: version });
    });
    const run = await external();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(await run.steps.total.outputs.output.load(), 60);
    assert.deepEqual(run.steps.total.stepRun.inputs, { xs: saved.id });
    assert.deepEqual(run.steps.total.stepRun.parameters, {});
    const consumers = await (await store()).listConsumers(saved.id);
    assert.deepEqual(consumers.map((c) => c.id), [run.steps.total.id]);
  });

  test('getStepContext() describes the running step; output metadata lands on the version', async () => {
    let seen: { pipelineName: string; runId: string; stepRunId: string; invocationId: string; uri: string; inputs: string[] } | undefined;
    const introspect = step({ name: 'introspect' }, async () => {
      const context: StepContext = getStepContext();
      seen = {
        pipelineName: context.pipeline.name,
        runId: context.pipelineRun.id,
        stepRunId: context.stepRun.id,
        invocationId: context.invocationId,
        uri: context.getOutputArtifactUri(),
        inputs: Object.keys(context.inputs),
      };
      context.addOutputMetadata({ rows: 42, note: 'hello' });
      context.addOutputTags(['gold']);
      await logMetadata({ metadata: { accuracy: 0.93 } });
      return 'x';
    });
    const contextual = pipeline({ name: 'contextual' }, () => {
      introspect(undefined, { id: 'look' });
    });
    const run = await contextual();
    assert.equal(run.status, 'completed', run.error);
    assert.ok(seen);
    assert.equal(seen.pipelineName, 'contextual');
    assert.equal(seen.runId, run.id);
    assert.equal(seen.stepRunId, run.steps.look.id);
    assert.equal(seen.invocationId, 'look');
    assert.deepEqual(seen.inputs, []);
    const output = run.steps.look.outputs.output;
    assert.equal(seen.uri, output.uri);
    assert.deepEqual(output.tags, ['gold']);

    const s = await store();
    const versionMetadata = await s.getMetadata('artifact_version', output.id);
    assert.equal(versionMetadata.rows.value, 42);
    assert.equal(versionMetadata.rows.type, 'int');
    assert.equal(versionMetadata.note.value, 'hello');
    const stepMetadata = await s.getMetadata('step_run', run.steps.look.id);
    assert.equal(stepMetadata.accuracy.value, 0.93);
    assert.equal(stepMetadata.accuracy.type, 'float');

    assert.throws(() => getStepContext(), /outside a running step/);
  });

  test('logMetadata from outside a step targets a run or an artifact version', async () => {
    const one = step({ name: 'one' }, () => 1);
    const tiny = pipeline({ name: 'tiny' }, () => {
      one();
    });
    const run = await tiny();
    assert.equal(run.status, 'completed', run.error);
    await logMetadata({ metadata: { reviewed: true }, runIdNameOrPrefix: run.id });
    await logMetadata({ metadata: { quality: 'high' }, artifactName: 'tiny::one::output' });
    await logMetadata({ metadata: { rank: 1 }, artifactVersionId: run.steps.one.outputs.output.id });
    const s = await store();
    assert.equal((await s.getMetadata('pipeline_run', run.id)).reviewed.value, true);
    const versionMetadata = await s.getMetadata('artifact_version', run.steps.one.outputs.output.id);
    assert.equal(versionMetadata.quality.value, 'high');
    assert.equal(versionMetadata.rank.value, 1);
    await assert.rejects(logMetadata({ metadata: { a: 1 } }), /needs a target/);
    await assert.rejects(logMetadata({ metadata: { a: 1 }, runIdNameOrPrefix: 'no-such-run' }), /No pipeline run/);
  });
});

describe('run names', () => {
  const noop = step({ name: 'noop' }, () => null);
  const named = pipeline({ name: 'run_names' }, () => {
    noop();
  });

  test('default to {pipeline}-{date}-{time} and stay unique across quick runs', async () => {
    const sequential = [];
    for (let i = 0; i < 3; i++) sequential.push(await named());
    const concurrent = await Promise.all([named(), named(), named(), named()]);
    const runs = [...sequential, ...concurrent];
    for (const run of runs) {
      assert.equal(run.status, 'completed', run.error);
      assert.match(run.name, /^run_names-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}_\d{3}(-[0-9a-f]+)?$/);
    }
    assert.equal(new Set(runs.map((run) => run.name)).size, runs.length);
    assert.equal((await new Client().listPipelineRuns({ pipeline: 'run_names' })).total, runs.length);
  });

  test('a custom runName is used; reusing it is a one-line error and stores no run', async () => {
    const run = await named.withOptions({ runName: 'my-fixed-run' })();
    assert.equal(run.name, 'my-fixed-run');
    const client = new Client();
    const before = (await client.listPipelineRuns()).total;
    await assert.rejects(named.withOptions({ runName: 'my-fixed-run' })(), (error: Error) => {
      assert.match(error.message, /my-fixed-run.*already exists/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.equal((await client.listPipelineRuns()).total, before);
  });

  test('no artifact is left half-written in the store temp folder', async () => {
    assert.deepEqual(await box.tempLeftovers(), []);
  });
});
