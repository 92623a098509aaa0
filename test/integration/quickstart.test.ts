// The README's quickstart: the Iris pipeline in examples/quickstart, run through the real CLI
// on a fresh config dir, then re-run to hit the cache, then run with the example run config.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { closeZenContexts, getZenContext } from '../../src/context/zen-context.js';
import { createSandbox, REPO_ROOT, runCli, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';

const QUICKSTART = join(REPO_ROOT, 'examples', 'quickstart');
const PIPELINE = join(QUICKSTART, 'pipeline.ts');
const STEPS = ['load_data', 'split_data', 'train_model', 'evaluate_model'];

interface RunJson {
  id: string;
  name: string;
  status: string;
  steps: Record<string, { status: string; cached: boolean; outputs: Record<string, { name: string; version: number }> }>;
}

describe('examples/quickstart', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox, cwd: REPO_ROOT });
  let first: RunJson;

  before(async () => {
    sandbox = createSandbox();
    const result = await cli('pipeline', 'run', PIPELINE, '--json');
    assert.equal(result.code, 0, result.stderr);
    first = result.json<RunJson>();
  });
  after(() => sandbox.cleanup());

  test('runs load → split → train → evaluate on the default stack', () => {
    assert.equal(first.status, 'completed');
    for (const id of STEPS) assert.equal(first.steps[id]?.status, 'completed', id);
    assert.deepEqual(Object.keys(first.steps.split_data.outputs).sort(), ['test', 'train']);
  });

  test('stores the model as JSON and an accuracy a random forest reaches on Iris', async () => {
    const model = await cli('artifact', 'inspect', 'iris_training::train_model::output', '--load', '--json');
    assert.equal(model.code, 0, model.stderr);
    const modelJson = model.json();
    assert.equal(modelJson.materializer ?? modelJson.version?.materializer, 'zenml.json');
    const accuracy = await cli('artifact', 'inspect', 'iris_training::evaluate_model::output', '--load', '--json');
    assert.equal(accuracy.code, 0, accuracy.stderr);
    const value = accuracy.json().value;
    assert.equal(typeof value, 'number');
    assert.ok(value >= 0.85 && value <= 1, `accuracy ${value}`);
  });

  test('records the accuracy as metadata of the run and of the evaluate step run', async () => {
    const restore = useSandboxEnv(sandbox);
    try {
      const { store } = await getZenContext();
      const runMetadata = await store.getMetadata('pipeline_run', first.id);
      const accuracy = runMetadata.accuracy?.value;
      assert.equal(typeof accuracy, 'number', JSON.stringify(runMetadata));
      const evaluate = (await store.listStepRuns(first.id)).find((s) => s.invocationId === 'evaluate_model')!;
      const stepMetadata = await store.getMetadata('step_run', evaluate.id);
      assert.equal(stepMetadata.accuracy?.value, accuracy);
      assert.equal(stepMetadata.test_rows?.value, 45);
    } finally {
      await closeZenContexts();
      restore();
    }
  });

  // What `npm run quickstart` prints after the run (examples/quickstart/report.ts).
  const report = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', join(QUICKSTART, 'report.ts'), ...args], { cwd: REPO_ROOT, env: sandbox.env, encoding: 'utf8' });

  test('the report after the first run prints the accuracy and the promotion of version 1', () => {
    assert.match(report(), /^Accuracy of iris_classifier version 1 on the test rows: \d+\.\d %\.\nPromoted: version 1 is now in production\.\n$/);
  });

  test('a second run reuses every step but promote_model (never cached) from the cache, as the README says', async () => {
    const result = await cli('pipeline', 'run', PIPELINE, '--json');
    assert.equal(result.code, 0, result.stderr);
    const again = result.json<RunJson>();
    assert.equal(again.status, 'completed');
    for (const id of STEPS) assert.equal(again.steps[id].cached, true, id);
    assert.equal(again.steps.evaluate_model.outputs.output.version, first.steps.evaluate_model.outputs.output.version);
    assert.equal(again.steps.promote_model.cached, false);
    assert.equal(again.steps.promote_model.outputs.output.version, 2);
    assert.match(report(), /version 2 .*\nNot promoted: version 1 stays in production/);
  });

  test('run.yaml changes the forest size: data steps stay cached, training runs again', async () => {
    const result = await cli('pipeline', 'run', PIPELINE, '--config', join(QUICKSTART, 'run.yaml'), '--json');
    assert.equal(result.code, 0, result.stderr);
    const configured = result.json<RunJson>();
    assert.match(configured.name, /^iris-\d{4}_\d\d_\d\d-.*-forest-50$/);
    assert.equal(configured.steps.load_data.cached, true);
    assert.equal(configured.steps.split_data.cached, true);
    assert.equal(configured.steps.train_model.cached, false);
    assert.equal(configured.steps.evaluate_model.cached, false);
    assert.equal(configured.steps.train_model.outputs.output.version, first.steps.train_model.outputs.output.version + 1);
    assert.equal(configured.steps.evaluate_model.outputs.output.version, 2);
    assert.equal(configured.steps.promote_model.outputs.output.version, 3);
  });

  test('inference predicts with the production model and the report prints the predictions', async () => {
    const result = await cli('pipeline', 'run', join(QUICKSTART, 'inference.ts'), '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.match(report('inference'), /^Predicted 45 held-out flowers with the production model: .*\d+ setosa.*\nFirst ten: /);
  });
});
