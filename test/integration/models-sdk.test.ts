import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, Model, getStepContext, linkArtifactToModel, pipeline, saveArtifact, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-models-sdk-');

const makeData = step({ name: 'make_data' }, () => [5, 1, 4, 2, 3]);
const fit = step(
  { name: 'fit', enableCache: false, artifacts: { output: { name: 'classifier', type: 'model' } } },
  ({ data }: { data: number[] }) => {
    const model = getStepContext().model!;
    return { threshold: data.reduce((a, b) => a + b, 0) / data.length, trainedUnder: model.number };
  },
);
const evaluate = step({ name: 'evaluate' }, async ({ clf, score }: { clf: { threshold: number }; score: number }) => {
  await getStepContext().model!.logMetadata({ accuracy: score, threshold: clf.threshold });
  return score;
});

const training = pipeline({ name: 'models_training', model: new Model({ name: 'scorer', license: 'MIT', description: 'Scores numbers.', tags: ['demo'] }) }, ({ score = 0.5 }: { score?: number } = {}) => {
  const data = makeData();
  const clf = fit({ data });
  evaluate({ clf, score });
});

const predict = step({ name: 'predict' }, ({ clf }: { clf: { threshold: number; trainedUnder: number } }) => clf.trainedUnder);
const inference = pipeline({ name: 'models_inference' }, () => {
  predict({ clf: Model.fromStage('scorer', 'production').getArtifact('classifier') });
});

describe('models through the SDK', () => {
  const client = new Client();

  test('each run under a model without a version creates one version shared by its steps', async () => {
    const first = await training({ score: 0.7 });
    assert.equal(first.status, 'completed', first.error);
    const second = await training({ score: 0.9 });
    assert.equal(second.status, 'completed', second.error);

    const model = await client.getModel('scorer');
    assert.equal(model.license, 'MIT');
    assert.equal(model.description, 'Scores numbers.');
    assert.deepEqual(model.tags, ['demo']);
    assert.equal(model.versionCount, 2);
    assert.equal(model.latestVersion, 2);

    const v1 = await client.getModelVersion('scorer', 1);
    assert.equal(v1.name, '1');
    assert.equal(v1.stage, 'none');
    assert.equal(v1.producerRunId, first.id);
    assert.equal(await first.steps.fit.outputs.output.load().then((c: any) => c.trainedUnder), 1);

    // Every output of every step is linked, typed by artifact type.
    const linked = await client.listModelVersionArtifacts('scorer', 1);
    assert.equal(linked.total, 3);
    const byName = Object.fromEntries(linked.items.map((l) => [l.artifactVersion.name, l]));
    assert.equal(byName.classifier.type, 'model');
    assert.equal(byName['models_training::make_data::output'].type, 'data');
    assert.equal(byName['models_training::evaluate::output'].type, 'data');
    const models = await client.listModelVersionArtifacts('scorer', 1, { type: 'model' });
    assert.deepEqual(models.items.map((l) => l.artifactVersion.name), ['classifier']);

    const runs = await client.listModelVersionRuns('scorer', 2);
    assert.deepEqual(runs.items.map((r) => r.id), [second.id]);

    const metadata = await new Model({ name: 'scorer', version: 2 }).getMetadata();
    assert.equal(metadata.accuracy.value, 0.9);
    assert.equal(metadata.accuracy.type, 'float');
  });

  test('cached steps still link their reused outputs to the new version', async () => {
    const third = await training({ score: 0.9 });
    assert.equal(third.status, 'completed', third.error);
    assert.equal(third.steps.make_data.cached, true);
    const linked = await client.listModelVersionArtifacts('scorer', 3);
    assert.equal(linked.total, 3);
  });

  test('stages: one version per stage, force archives the holder, promotions are recorded', async () => {
    const v1 = await new Model({ name: 'scorer', version: 1 }).setStage('production');
    assert.equal(v1.stage, 'production');
    assert.ok(v1.stageChangedBy);
    assert.ok(v1.stageChangedAt);
    await assert.rejects(new Model({ name: 'scorer', version: 2 }).setStage('production'), /already in production.*--force/);
    assert.equal((await client.getModelVersion('scorer', 2)).stage, 'none');
    await assert.rejects(new Model({ name: 'scorer', version: 2 }).setStage('gold' as never), /Unknown stage 'gold'/);
    await assert.rejects(new Model({ name: 'scorer', version: 2 }).setStage('latest' as never), /not a stage/);

    const v2 = await client.updateModelVersion('scorer', 2, { stage: 'production', force: true });
    assert.equal(v2.stage, 'production');
    assert.equal((await client.getModelVersion('scorer', 1)).stage, 'archived');
    assert.equal((await client.getModelVersion('scorer', 'production')).number, 2);
    assert.equal((await client.getModelVersion('scorer', 'archived')).number, 1);
    assert.equal((await client.getModelVersion('scorer', 'latest')).number, 3);

    const context = await client.context();
    const history = await context.store.listStageTransitions(v2.id);
    assert.deepEqual(history.map((h) => [h.from, h.to]), [['none', 'production']]);
    const archived = await context.store.listStageTransitions(v1.id);
    assert.deepEqual(archived.map((h) => [h.from, h.to]), [['none', 'production'], ['production', 'archived']]);
  });

  test('a pipeline input from the production model follows promotions', async () => {
    const before = await inference();
    assert.equal(before.status, 'completed', before.error);
    assert.equal(await before.steps.predict.outputs.output.load(), 2);
    await client.updateModelVersion('scorer', 3, { stage: 'production', force: true });
    const after = await inference();
    assert.equal(after.status, 'completed', after.error);
    assert.equal(after.steps.predict.cached, false);
    assert.equal(await after.steps.predict.outputs.output.load(), 3);

    assert.equal((await Model.fromStage('scorer', 'production').loadArtifact('classifier')).trainedUnder, 3);
    const version = await Model.fromStage('scorer', 'production').getArtifact('classifier');
    assert.equal(version.name, 'classifier');
  });

  test('a step under a given version number, name or stage uses that existing version', async () => {
    const tagged = training.withOptions({ model: { name: 'scorer', version: 'production' } });
    const run = await tagged({ score: 0.1 });
    assert.equal(run.status, 'completed', run.error);
    assert.equal((await client.getModel('scorer')).versionCount, 3);
    assert.ok((await client.listModelVersionRuns('scorer', 3)).items.some((r) => r.id === run.id));

    const missing = await training.withOptions({ model: { name: 'scorer', version: 42 } })({ score: 0.1 });
    assert.equal(missing.status, 'failed');
    assert.match(missing.error ?? '', /Model 'scorer' has no version '42'/);
    assert.equal((await client.getModel('scorer')).versionCount, 3);
  });

  test('version names cannot be stage names or other numbers', async () => {
    await assert.rejects(client.createModelVersion('scorer', { name: 'production' }), /stage name/);
    await assert.rejects(client.createModelVersion('scorer', { name: '7' }), /is a number/);
    await assert.rejects(client.updateModelVersion('scorer', 1, { name: 'latest' }), /stage name/);
    const named = await client.createModelVersion('scorer', { name: 'v4-candidate', description: 'by hand' });
    assert.equal(named.number, 4);
    assert.equal((await client.getModelVersion('scorer', 'v4-candidate')).id, named.id);
    await assert.rejects(client.getModelVersion('nope'), /No model named 'nope'/);
    await assert.rejects(client.getModelVersion('scorer', 'v9'), /has no version 'v9'/);
  });

  test('linkArtifactToModel links saved artifacts and refuses unknown ones', async () => {
    const saved = await saveArtifact({ rows: 3 }, 'holdout');
    const version = await linkArtifactToModel(saved, { name: 'scorer', version: 4 });
    assert.equal(version.number, 4);
    const linked = await client.listModelVersionArtifacts('scorer', 4);
    assert.deepEqual(linked.items.map((l) => [l.artifactVersion.name, l.type]), [['holdout', 'data']]);
    await linkArtifactToModel(saved.id, { name: 'scorer', version: 4 }, { type: 'deployment' });
    assert.equal((await client.listModelVersionArtifacts('scorer', 4, { type: 'deployment' })).total, 1);
    await assert.rejects(linkArtifactToModel('00000000-0000-0000-0000-000000000000', { name: 'scorer', version: 4 }), /No artifact/);
    await assert.rejects(linkArtifactToModel(saved, { name: 'scorer', version: 99 }), /no version '99'/);
  });

  test('deleting a production version needs force; deleting a model removes its versions', async () => {
    await assert.rejects(client.deleteModelVersion('scorer', 'production'), /in production/);
    assert.equal((await client.getModelVersion('scorer', 'production')).number, 3);
    await client.deleteModelVersion('scorer', 1);
    await assert.rejects(client.getModelVersion('scorer', 1), /no version '1'/);
    await assert.rejects(client.deleteModel('scorer'), /in production/);
    await client.createModel({ name: 'other', tags: ['x'] });
    await client.deleteModel('other');
    await assert.rejects(client.getModel('other'), /No model named 'other'/);
  });

  test('tags on every kind, and lists filter by tag', async () => {
    await client.updateTags('model', { nameOrId: 'scorer' }, { add: ['prod-ready'], remove: ['demo'] });
    assert.deepEqual((await client.getModel('scorer')).tags, ['prod-ready']);
    assert.deepEqual((await client.listModels({ tag: 'prod-ready' })).items.map((m) => m.name), ['scorer']);
    assert.equal((await client.listModels({ tag: 'demo' })).total, 0);

    await client.updateTags('model_version', { nameOrId: 'scorer', version: 'production' }, { add: ['best'] });
    const best = await client.listModelVersions({ tag: 'best' });
    assert.deepEqual(best.items.map((v) => v.number), [3]);

    await client.updateTags('pipeline', { nameOrId: 'models_training' }, { add: ['training'] });
    assert.deepEqual((await client.listPipelines({ tag: 'training' } as never)).items.map((p) => p.name), ['models_training']);
    const run = (await client.listPipelineRuns({ pipeline: 'models_training' })).items.at(-1)!;
    await client.updateTags('pipeline_run', { nameOrId: run.name }, { add: ['first'] });
    const firstRuns = await client.listPipelineRuns({ tag: 'first' } as never);
    assert.deepEqual([firstRuns.total, firstRuns.items[0].id], [1, run.id]);
    await client.updateTags('artifact', { nameOrId: 'classifier' }, { add: ['weights'] });
    assert.equal((await client.listArtifacts({ tag: 'weights' } as never)).items[0].name, 'classifier');
    await client.updateTags('artifact_version', { nameOrId: 'classifier', version: 1 }, { add: ['v1'] });
    const versions = await client.listArtifactVersions({ tag: 'v1' } as never);
    assert.deepEqual([versions.total, versions.items[0].version], [1, 1]);

    await assert.rejects(client.updateTags('model', { nameOrId: 'scorer' }, { add: ['a'], remove: ['a'] }), /both added and removed/);
    const tags = await client.listTags();
    assert.ok(tags.items.find((t) => t.name === 'best')!.resourceCount === 1);
    await client.deleteTag('best');
    assert.deepEqual((await client.getModelVersion('scorer', 3)).tags, []);
  });

  test("a model's versions are listed in its own project only, where another project has a model of that name", async () => {
    const here = await client.listModelVersions({ model: 'scorer' });
    await client.createProject({ name: 'vision' });
    const vision = new Client({ ...process.env, ZENML_ACTIVE_PROJECT: 'vision' });
    await vision.createModel({ name: 'scorer' });
    const theirs = await vision.createModelVersion('scorer');
    const there = await vision.listModelVersions({ model: 'scorer' });
    assert.deepEqual([there.total, there.items.map((v) => v.id)], [1, [theirs.id]]);
    const hereAgain = await client.listModelVersions({ model: 'scorer' });
    assert.deepEqual([hereAgain.total, hereAgain.items.map((v) => v.id)], [here.total, here.items.map((v) => v.id)]);
    assert.ok(here.total >= 3, `default project's scorer has ${here.total} versions`);
  });
});
