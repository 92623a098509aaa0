// ZenML's SDK names and shapes (issue 10): custom artifact versions, the step context,
// logMetadata targets and snake_case run configs, through the public SDK.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client, Model, getStepContext, loadArtifact, logMetadata, pipeline, saveArtifact, step, type StepContext } from '../../src/index.js';
import { getZenContext } from '../../src/context/zen-context.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-sdk-parity-');

describe('custom artifact version names', () => {
  test('saveArtifact takes a version name; numbers stay 1, 2, 3; load and get by either', async () => {
    const v1 = await saveArtifact({ lr: 0.1 }, 'params');
    const alpha = await saveArtifact({ lr: 0.2 }, 'params', { version: 'v-alpha' });
    const v2 = await saveArtifact({ lr: 0.3 }, 'params');
    assert.deepEqual([v1.version, alpha.version, v2.version], [1, 'v-alpha', 2]);
    assert.deepEqual(await loadArtifact('params', 'v-alpha'), { lr: 0.2 });
    assert.deepEqual(await loadArtifact('params', 2), { lr: 0.3 });
    assert.deepEqual(await loadArtifact('params'), { lr: 0.3 });
    const client = new Client();
    assert.equal((await client.getArtifactVersion('params', 'v-alpha')).id, alpha.id);
    assert.equal((await client.getArtifactVersion('params', 1)).id, v1.id);
    const listed = await client.listArtifactVersions({ name: 'params' });
    assert.deepEqual(listed.items.map((v) => v.version), [2, 'v-alpha', 1]);
  });

  test('a taken or all-digit version name is a one-line error, and leaves no files behind', async () => {
    await saveArtifact(1, 'taken', { version: 'gold' });
    const before = readdirSync(join(await box.artifactRoot(), 'taken')).length;
    await assert.rejects(saveArtifact(2, 'taken', { version: 'gold' }), (error: Error) => {
      assert.equal(error.name, 'AlreadyExistsError');
      assert.match(error.message, /^Artifact 'taken' already has a version 'gold'\. /);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    await assert.rejects(saveArtifact(3, 'taken', { version: '7' }), /custom version '7' is all digits.*'v7'/);
    assert.equal(readdirSync(join(await box.artifactRoot(), 'taken')).length, before, 'the refused saves left no folders');
    assert.deepEqual(await box.tempLeftovers(), []);
    assert.equal((await saveArtifact(4, 'taken')).version, 1, 'the numbered versions are not affected');
  });

  test('a step output version set in the artifacts config; a second uncached run refuses the taken name', async () => {
    const train = step({ name: 'train', artifacts: { output: { name: 'weights', version: 'v-first' } } }, () => [1, 2, 3]);
    const p = pipeline({ name: 'versioned' }, () => {
      train();
    });
    const run = await p();
    assert.equal(run.status, 'completed');
    const version = await new Client().getArtifactVersion('weights', 'v-first');
    assert.deepEqual(await version.load(), [1, 2, 3]);
    // Cached: the output (with its name) is reused.
    assert.equal((await p()).steps.train.status, 'cached');
    const again = await p.withOptions({ enableCache: false })();
    assert.equal(again.status, 'failed');
    assert.match(again.steps.train.error ?? '', /artifact 'weights' already has a version 'v-first'/);
    assert.equal((await new Client().listArtifactVersions({ name: 'weights' })).total, 1);
    assert.ok(existsSync(version.uri));
  });

  test('an all-digit version in a step config fails when the pipeline compiles', async () => {
    const bad = step({ name: 'bad', artifacts: { output: { version: '12' } } }, () => 1);
    const p = pipeline({ name: 'digits' }, () => {
      bad();
    });
    await assert.rejects(p(), /custom version '12' is all digits/);
  });
});

const metadataOf = async (type: 'pipeline_run' | 'step_run' | 'artifact_version' | 'model_version', id: string) =>
  Object.fromEntries(Object.entries(await (await getZenContext()).store.getMetadata(type, id)).map(([key, entry]) => [key, entry.value]));

describe('step context with ZenML names', () => {
  test('pipeline, pipelineRun, stepRun, inputs and getOutputArtifactUri', async () => {
    const seen: Record<string, unknown> = {};
    const produce = step({ name: 'produce' }, () => [1, 2]);
    const consume = step({ name: 'consume', outputs: ['total', 'count'] as const }, ({ xs, scale }: { xs: number[]; scale: number }) => {
      const context: StepContext = getStepContext();
      seen.pipeline = context.pipeline.name;
      seen.pipelineId = context.pipeline.id;
      seen.runId = context.pipelineRun.id;
      seen.stepRunId = context.stepRun.id;
      seen.inputs = Object.fromEntries(Object.entries(context.inputs).map(([name, version]) => [name, [version.name, version.version]]));
      seen.totalUri = context.getOutputArtifactUri('total');
      assert.throws(() => context.getOutputArtifactUri(), /several outputs; name the one you mean \(total, count\)/);
      assert.throws(() => context.getOutputArtifactUri('nope'), /has no output 'nope'/);
      return { total: xs.reduce((a, b) => a + b, 0) * scale, count: xs.length };
    });
    const p = pipeline({ name: 'ctx_names' }, () => {
      consume({ xs: produce(), scale: 2 });
    });
    const run = await p();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(seen.pipeline, 'ctx_names');
    assert.equal(seen.pipelineId, (await new Client().getPipeline('ctx_names')).id);
    assert.equal(seen.runId, run.id);
    assert.equal(seen.stepRunId, run.steps.consume.id);
    assert.deepEqual(seen.inputs, { xs: ['ctx_names::produce::output', 1] }, 'parameters are not inputs');
    assert.equal(seen.totalUri, run.steps.consume.outputs.total.uri);
  });
});

describe('logMetadata targets as ZenML', () => {
  test('inside a step: the step by default, the model with inferModel, an output with inferArtifact, the run by id', async () => {
    const work = step({ name: 'work', enableCache: false }, async () => {
      const context = getStepContext();
      await logMetadata({ metadata: { on_step: 1 } });
      await logMetadata({ metadata: { on_model: 'yes' }, inferModel: true });
      await logMetadata({ metadata: { on_output: true }, inferArtifact: true });
      await logMetadata({ metadata: { on_run: 3 }, runIdNameOrPrefix: context.pipelineRun.id });
      return 42;
    });
    const p = pipeline({ name: 'meta_targets', model: new Model({ name: 'meta_model' }) }, () => {
      work();
    });
    const run = await p();
    assert.equal(run.status, 'completed', run.error);
    assert.deepEqual(await metadataOf('step_run', run.steps.work.id), { on_step: 1 });
    assert.equal((await metadataOf('pipeline_run', run.id)).on_run, 3);
    assert.equal((await metadataOf('artifact_version', run.steps.work.outputs.output.id)).on_output, true);
    const version = await new Client().getModelVersion('meta_model');
    assert.equal((await metadataOf('model_version', version.id)).on_model, 'yes');

    // From a script: a step by name in a run given by name or id prefix, an artifact by name and
    // version, a model by name and version.
    await logMetadata({ metadata: { later: 'step' }, stepName: 'work', runIdNameOrPrefix: run.name });
    assert.equal((await metadataOf('step_run', run.steps.work.id)).later, 'step');
    await logMetadata({ metadata: { later: 'run' }, runIdNameOrPrefix: run.id.slice(0, 8) });
    assert.equal((await metadataOf('pipeline_run', run.id)).later, 'run');
    await logMetadata({ metadata: { later: 'artifact' }, artifactName: 'meta_targets::work::output', artifactVersion: 1 });
    assert.equal((await metadataOf('artifact_version', run.steps.work.outputs.output.id)).later, 'artifact');
    await logMetadata({ metadata: { later: 'model' }, modelName: 'meta_model', modelVersion: version.number });
    await logMetadata({ metadata: { by_id: 'model' }, modelVersionId: version.id });
    await logMetadata({ metadata: { by_id: 'version' }, artifactVersionId: run.steps.work.outputs.output.id });
    assert.equal((await metadataOf('model_version', version.id)).later, 'model');
    assert.equal((await metadataOf('model_version', version.id)).by_id, 'model');
    assert.equal((await metadataOf('artifact_version', run.steps.work.outputs.output.id)).by_id, 'version');
  });

  test('misuse is a one-line error that says what to give', async () => {
    const oneLine = (pattern: RegExp) => (error: Error) => {
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'));
      return true;
    };
    await assert.rejects(logMetadata({ metadata: { a: 1 } }), oneLine(/outside a step needs a target/));
    await assert.rejects(logMetadata({ metadata: { a: 1 }, stepName: 'work' }), oneLine(/needs the run too: add runIdNameOrPrefix/));
    await assert.rejects(logMetadata({ metadata: { a: 1 }, inferModel: true }), oneLine(/only works inside a step/));
    await assert.rejects(logMetadata({ metadata: { a: 1 }, modelName: 'm', artifactName: 'x' }), oneLine(/several targets/));
    await assert.rejects(logMetadata({ metadata: { a: 1 }, runId: 'x' } as never), oneLine(/no option 'runId'.*runIdNameOrPrefix/));
    await assert.rejects(logMetadata({ metadata: { a: 1 }, stepName: 'nope', runIdNameOrPrefix: (await new Client().listPipelineRuns()).items[0].id }), oneLine(/has no step 'nope'/));
    const noModel = step({ name: 'no_model' }, async () => {
      await logMetadata({ metadata: { a: 1 }, inferModel: true });
    });
    const p = pipeline({ name: 'meta_no_model' }, () => {
      noModel();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.match(run.steps.no_model.error ?? '', /runs under no model/);
  });
});

describe('YAML run configs with ZenML keys', () => {
  test('snake_case keys configure the run; enable_artifact_metadata and _visualization turn those off', async () => {
    const describeText = step({ name: 'describe_text' }, ({ prefix = 'code' }: { prefix?: string }) => `${prefix}: ${'x'.repeat(10)}`);
    const other = step({ name: 'other' }, () => 'kept');
    const p = pipeline({ name: 'yaml_keys' }, () => {
      describeText({});
      other();
    });
    const path = box.sandbox.write(
      'zenml-run.yaml',
      `run_name: yaml-keys-{date}-{time}
enable_cache: false
steps:
  describe_text:
    parameters: { prefix: from-yaml }
    enable_artifact_metadata: false
    enable_artifact_visualization: false
`,
    );
    const run = await p.withOptions({ configPath: path })();
    assert.equal(run.status, 'completed', run.error);
    assert.match(run.name, /^yaml-keys-/);
    const text = run.steps.describe_text.outputs.output;
    assert.equal(await text.load(), `from-yaml: ${'x'.repeat(10)}`);
    assert.deepEqual(await metadataOf('artifact_version', text.id), {}, 'no extracted metadata');
    assert.deepEqual(text.visualizations, []);
    const kept = run.steps.other.outputs.output;
    assert.notDeepEqual(await metadataOf('artifact_version', kept.id), {}, 'other steps keep theirs');
    assert.ok(kept.visualizations.length > 0);

    // The same key in YAML and code with another value is still an error; both spellings in one file too.
    await assert.rejects(p.withOptions({ configPath: path, enableCache: true })(), /'enableCache' is true in code but false in/);
    const both = box.sandbox.write('both.yaml', 'enable_cache: false\nenableCache: false\n');
    await assert.rejects(p.withOptions({ configPath: both })(), /sets 'enable_cache' and 'enableCache', which are the same key/);
    // A run config with a schedule schedules the pipeline instead of running it (as ZenML).
    const schedule = box.sandbox.write('schedule.yaml', 'schedule: { cron_expression: "*/5 * * * *", name: yaml-schedule }\n');
    const scheduled = await p.withOptions({ configPath: schedule })();
    assert.equal(scheduled.status, 'scheduled');
    assert.equal(scheduled.schedule?.name, 'yaml-schedule');
    assert.equal(scheduled.schedule?.cronExpression, '*/5 * * * *');
  });
});
