// The quickstart under its model: training runs make versions of `iris_classifier`, the
// promotion step keeps the most accurate one in production, and the batch-inference
// pipeline predicts with whatever is in production when it runs. All through the real CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeZenContexts, getZenContext } from '../../src/context/zen-context.js';
import { createSandbox, REPO_ROOT, runCli, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';

const QUICKSTART = join(REPO_ROOT, 'examples', 'quickstart');

describe('examples/quickstart with the model control plane', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox, cwd: REPO_ROOT });
  const json = async (...args: string[]) => {
    const result = await cli(...args, '--json');
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return result.json();
  };
  const accuracyOf = async (version: string | number) => (await json('model', 'version', 'describe', 'iris_classifier', String(version))).metadata.accuracy;

  before(async () => {
    sandbox = createSandbox();
    await json('pipeline', 'run', join(QUICKSTART, 'pipeline.ts'));
  });
  after(() => sandbox.cleanup());

  test('the first training run creates version 1, records its accuracy and promotes it', async () => {
    const model = await json('model', 'describe', 'iris_classifier');
    assert.equal(model.license, 'MIT');
    assert.deepEqual([model.versionCount, model.stages], [1, { production: 1 }]);
    const version = await json('model', 'version', 'describe', 'iris_classifier', '1');
    assert.ok(version.metadata.accuracy >= 0.85, JSON.stringify(version.metadata));
    assert.equal(version.metadataTypes.accuracy, 'float');
    assert.deepEqual(version.artifacts, { data: 5, model: 1, deployment: 0 });
    const models = await json('model', 'version', 'artifacts', 'iris_classifier', '1', '--type', 'model');
    assert.deepEqual(models.items.map((l: any) => l.artifactVersion.name), ['iris_training::train_model::output']);
  });

  test('a cached re-run makes version 2, which does not beat production and stays out', async () => {
    const run = await json('pipeline', 'run', join(QUICKSTART, 'pipeline.ts'));
    assert.equal(run.steps.train_model.cached, true);
    assert.equal(run.steps.promote_model.cached, false);
    const version = await json('model', 'version', 'describe', 'iris_classifier', '2');
    assert.equal(version.stage, 'none');
    assert.equal(version.metadata.accuracy, await accuracyOf(1));
    assert.equal(version.artifacts.model, 1);
  });

  test('after the run.yaml variant, production holds the most accurate version', async () => {
    await json('pipeline', 'run', join(QUICKSTART, 'pipeline.ts'), '--config', join(QUICKSTART, 'run.yaml'));
    const production = await json('model', 'version', 'describe', 'iris_classifier', 'production');
    for (const n of [1, 2, 3]) assert.ok(production.metadata.accuracy >= (await accuracyOf(n)), `version ${n}`);
  });

  test('batch inference predicts held-out rows with the production classifier, and follows promotions', async () => {
    const infer = async () => {
      const run = await json('pipeline', 'run', join(QUICKSTART, 'inference.ts'));
      assert.equal(run.status, 'completed');
      const restore = useSandboxEnv(sandbox);
      try {
        const { store } = await getZenContext();
        const predict = (await store.listStepRuns(run.id)).find((s) => s.invocationId === 'predict')!;
        const predictions = await runCli(['artifact', 'inspect', predict.outputs.output, '--load', '--json'], { sandbox, cwd: REPO_ROOT });
        return { classifier: predict.inputs.classifier, predictions: predictions.json().value as string[] };
      } finally {
        await closeZenContexts();
        restore();
      }
    };
    const modelArtifactOf = async (version: string) =>
      (await json('model', 'version', 'artifacts', 'iris_classifier', version, '--type', 'model')).items[0].artifactVersion.id;

    const first = await infer();
    assert.equal(first.classifier, await modelArtifactOf('production'));
    assert.equal(first.predictions.length, 45);
    assert.ok(first.predictions.every((label) => ['setosa', 'versicolor', 'virginica'].includes(label)), first.predictions.join(','));

    // Promote a version with another classifier: the next inference run uses it.
    const production = (await json('model', 'version', 'describe', 'iris_classifier', 'production')).number;
    const other = production === 3 ? '1' : '3';
    await json('model', 'version', 'update', 'iris_classifier', other, '--stage', 'production', '--force');
    const second = await infer();
    assert.equal(second.classifier, await modelArtifactOf(other));
    assert.notEqual(second.classifier, first.classifier);
  });
});
