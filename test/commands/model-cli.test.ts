import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

// Two steps under a model: every run makes a new version; `weights` is a model artifact.
const PIPELINE = `
import { step, pipeline, getStepContext } from 'zenml';
const data = step({ name: 'data' }, () => [1, 2, 3]);
const fit = step({ name: 'fit', artifacts: { output: { name: 'weights', type: 'model' } } }, async ({ xs }: { xs: number[] }) => {
  await getStepContext().model!.logMetadata({ accuracy: 0.5 + getStepContext().model!.number! / 10, docs: { type: 'uri', value: 'https://example.com' } });
  return { w: xs.length };
});
export const train = pipeline({ name: 'cli_train', model: { name: 'cli_model' }, enableCache: false }, () => {
  fit({ xs: data() });
});
`;

describe('zenml model commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const runs: string[] = [];

  before(async () => {
    sandbox = createSandbox();
    sandbox.write('train.ts', PIPELINE);
    for (let i = 0; i < 2; i++) {
      const result = await cli('pipeline', 'run', 'train.ts', '--json');
      assert.equal(result.code, 0, result.stderr);
      runs.push(result.json().id);
    }
  });
  after(() => sandbox?.cleanup());

  test('register, list (with --tag, -o yaml/csv) and describe models', async () => {
    const registered = await cli('model', 'register', 'other', '--license', 'MIT', '-d', 'Another model.', '--use-cases', 'tests', '-t', 'team-a', '--json');
    assert.equal(registered.code, 0, registered.stderr);
    assert.deepEqual([registered.json().name, registered.json().license, registered.json().useCases, registered.json().tags], ['other', 'MIT', 'tests', ['team-a']]);
    const again = await cli('model', 'register', 'other', '--json');
    assert.equal(again.code, 1);
    assert.match(again.json().error.message, /already exists/);
    const badName = await cli('model', 'register', 'bad name');
    assert.equal(badName.code, 2);

    const list = (await cli('model', 'list', '--json')).json();
    assert.deepEqual(list.items.map((m: any) => m.name).sort(), ['cli_model', 'other']);
    assert.equal(list.total, 2);
    const tagged = (await cli('model', 'list', '--tag', 'team-a', '--json')).json();
    assert.deepEqual(tagged.items.map((m: any) => m.name), ['other']);
    const yaml = parseYaml((await cli('model', 'list', '-o', 'yaml')).stdout);
    assert.equal(yaml.total, 2);
    const csv = (await cli('model', 'list', '-o', 'csv')).stdout.trim().split('\n');
    assert.equal(csv[0].split(',')[0], 'name');
    assert.equal(csv.length, 3);

    const described = (await cli('model', 'describe', 'cli_model', '--json')).json();
    assert.deepEqual([described.versionCount, described.latestVersion, described.stages], [2, 2, {}]);
    const missing = await cli('model', 'describe', 'nope', '--json');
    assert.equal(missing.code, 1);
    assert.match(missing.json().error.message, /No model named 'nope'.*zenml model list/);
  });

  test('model update changes the card, name and tags', async () => {
    const updated = (await cli('model', 'update', 'other', '--license', 'Apache-2.0', '-t', 'x', '-r', 'team-a', '--json')).json();
    assert.deepEqual([updated.license, updated.tags], ['Apache-2.0', ['x']]);
    const renamed = await cli('model', 'update', 'other', '--name', 'renamed', '--json');
    assert.equal(renamed.json().name, 'renamed');
    const nothing = await cli('model', 'update', 'renamed');
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /Nothing to update/);
    const both = await cli('model', 'update', 'renamed', '-t', 'y', '-r', 'y', '--license', 'GPL');
    assert.equal(both.code, 2);
    assert.equal((await cli('model', 'describe', 'renamed', '--json')).json().license, 'Apache-2.0');
  });

  test('each run made a version; version list filters by model, stage and tag', async () => {
    const versions = (await cli('model', 'version', 'list', '--model', 'cli_model', '--json')).json();
    assert.deepEqual(versions.items.map((v: any) => [v.number, v.name, v.stage]), [[2, '2', 'none'], [1, '1', 'none']]);
    const unknown = await cli('model', 'version', 'list', '--model', 'nope', '--json');
    assert.equal(unknown.code, 1);
    const runsOf2 = (await cli('model', 'version', 'runs', 'cli_model', '2', '--json')).json();
    assert.deepEqual(runsOf2.items.map((r: any) => r.id), [runs[1]]);
  });

  test('stages: promote, refuse an occupied stage without --force, archive with it', async () => {
    const promoted = await cli('model', 'version', 'update', 'cli_model', '1', '--stage', 'production', '--json');
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.equal(promoted.json().stage, 'production');
    assert.ok(promoted.json().stageChangedBy);
    assert.ok(promoted.json().stageChangedAt);

    const refused = await cli('model', 'version', 'update', 'cli_model', '2', '--stage', 'production', '--json');
    assert.equal(refused.code, 1);
    assert.match(refused.json().error.message, /Version 1 of model 'cli_model' is already in production.*--force/);
    assert.equal((await cli('model', 'version', 'describe', 'cli_model', 'production', '--json')).json().number, 1);

    for (const stage of ['gold', 'latest']) {
      const bad = await cli('model', 'version', 'update', 'cli_model', '2', '--stage', stage, '--json');
      assert.equal(bad.code, 2, stage);
    }
    const forced = await cli('model', 'version', 'update', 'cli_model', '2', '--stage', 'production', '--force', '--json');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((await cli('model', 'version', 'describe', 'cli_model', '1', '--json')).json().stage, 'archived');
    const production = (await cli('model', 'version', 'list', '--stage', 'production', '--json')).json();
    assert.deepEqual(production.items.map((v: any) => [v.modelName, v.number]), [['cli_model', 2]]);
    const described = (await cli('model', 'describe', 'cli_model', '--json')).json();
    assert.deepEqual(described.stages, { production: 2 });
  });

  test('version describe shows typed metadata, linked artifact counts, runs and stage history', async () => {
    const result = await cli('model', 'version', 'describe', 'cli_model', 'production', '--json');
    assert.equal(result.code, 0, result.stderr);
    const version = result.json();
    assert.equal(version.number, 2);
    assert.equal(version.metadata.accuracy, 0.7);
    assert.equal(version.metadataTypes.accuracy, 'float');
    assert.deepEqual(version.metadata.docs, { type: 'uri', value: 'https://example.com' });
    assert.equal(version.metadataTypes.docs, 'uri');
    assert.deepEqual(version.artifacts, { data: 1, model: 1, deployment: 0 });
    assert.equal(version.runs, 1);
    assert.deepEqual(version.stageHistory.map((h: any) => [h.from, h.to]), [['none', 'production']]);
    const table = await cli('model', 'version', 'describe', 'cli_model', '2');
    assert.match(table.stdout, /accuracy\s+│\s+0\.7\s+│\s+float/);
    assert.match(table.stdout, /Stage history/);
  });

  test('version artifacts lists links, filtered by --type', async () => {
    const all = (await cli('model', 'version', 'artifacts', 'cli_model', '2', '--json')).json();
    assert.equal(all.total, 2);
    const models = (await cli('model', 'version', 'artifacts', 'cli_model', '2', '--type', 'model', '--json')).json();
    assert.deepEqual(models.items.map((l: any) => [l.type, l.artifactVersion.name, l.artifactVersion.version]), [['model', 'weights', 2]]);
    const bad = await cli('model', 'version', 'artifacts', 'cli_model', '2', '--type', 'weird');
    assert.equal(bad.code, 2);
  });

  test('version update renames and tags, and refuses stage names or numbers as names', async () => {
    const stageName = await cli('model', 'version', 'update', 'cli_model', '1', '--name', 'production', '--json');
    assert.equal(stageName.code, 2);
    assert.match(stageName.json().error.message, /stage name/);
    const number = await cli('model', 'version', 'update', 'cli_model', '1', '--name', '2', '--json');
    assert.equal(number.code, 2);
    const renamed = await cli('model', 'version', 'update', 'cli_model', '1', '--name', 'baseline', '-d', 'first try', '-t', 'old', '--json');
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.deepEqual([renamed.json().name, renamed.json().description, renamed.json().tags], ['baseline', 'first try', ['old']]);
    assert.equal((await cli('model', 'version', 'describe', 'cli_model', 'baseline', '--json')).json().number, 1);
    const tagged = (await cli('model', 'version', 'list', '--tag', 'old', '--json')).json();
    assert.deepEqual(tagged.items.map((v: any) => v.number), [1]);
    const missing = await cli('model', 'version', 'describe', 'cli_model', '9', '--json');
    assert.equal(missing.code, 1);
    assert.match(missing.json().error.message, /has no version '9'/);
  });

  test('delete: a production version needs --force; model delete removes versions', async () => {
    const refused = await cli('model', 'version', 'delete', 'cli_model', 'production', '-y', '--json');
    assert.equal(refused.code, 1);
    assert.match(refused.json().error.message, /in production/);
    const noYes = await cli('model', 'version', 'delete', 'cli_model', 'baseline');
    assert.equal(noYes.code, 2);
    const deleted = await cli('model', 'version', 'delete', 'cli_model', 'baseline', '-y', '--json');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.json().deleted.type, 'model version');
    assert.equal((await cli('model', 'describe', 'cli_model', '--json')).json().versionCount, 1);

    const modelRefused = await cli('model', 'delete', 'cli_model', '-y');
    assert.equal(modelRefused.code, 1);
    const modelDeleted = await cli('model', 'delete', 'cli_model', '-y', '--force', '--json');
    assert.equal(modelDeleted.code, 0, modelDeleted.stderr);
    assert.equal((await cli('model', 'version', 'list', '--json')).json().total, 0);
    // The artifacts and runs stay.
    assert.equal((await cli('artifact', 'version', 'list', '--name', 'weights', '--json')).json().total, 2);
  });
});
