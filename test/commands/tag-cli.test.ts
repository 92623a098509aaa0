import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const make = step({ name: 'make' }, () => [1, 2, 3]);
export const tagged = pipeline({ name: 'tagged' }, () => { make(); });
`;
const ARTIFACT = 'tagged::make::output';

describe('zenml tag commands and --tag/--remove-tag', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  let runName: string;

  before(async () => {
    sandbox = createSandbox();
    sandbox.write('p.ts', PIPELINE);
    const first = await cli('pipeline', 'run', 'p.ts', '--json');
    assert.equal(first.code, 0, first.stderr);
    runName = first.json().name;
    const second = await cli('pipeline', 'run', 'p.ts', '--no-cache', '--json');
    assert.equal(second.code, 0, second.stderr);
  });
  after(() => sandbox?.cleanup());

  test('tag register, with colour checks and duplicates refused', async () => {
    const created = await cli('tag', 'register', 'gold', '--color', 'yellow', '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual([created.json().name, created.json().color, created.json().resourceCount], ['gold', 'yellow', 0]);
    const duplicate = await cli('tag', 'register', 'gold', '--json');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.json().error.message, /already exists/);
    const badColor = await cli('tag', 'register', 'silver', '--color', 'chartreuse');
    assert.equal(badColor.code, 2);
    assert.equal((await cli('tag', 'list', '--json')).json().total, 1);
  });

  test('update commands add and remove tags; lists filter by --tag', async () => {
    const pipeline = await cli('pipeline', 'update', 'tagged', '-t', 'gold', '-t', 'nightly', '--json');
    assert.equal(pipeline.code, 0, pipeline.stderr);
    assert.deepEqual(pipeline.json().tags, ['gold', 'nightly']);
    assert.deepEqual((await cli('pipeline', 'list', '--tag', 'nightly', '--json')).json().items.map((p: any) => p.name), ['tagged']);
    assert.equal((await cli('pipeline', 'list', '--tag', 'absent', '--json')).json().total, 0);

    const run = await cli('pipeline', 'runs', 'update', runName, '-t', 'gold', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json().tags, ['gold']);
    const runs = (await cli('pipeline', 'runs', 'list', '--tag', 'gold', '--json')).json();
    assert.deepEqual([runs.total, runs.items[0].name], [1, runName]);

    const artifact = await cli('artifact', 'update', ARTIFACT, '-t', 'gold', '--json');
    assert.equal(artifact.code, 0, artifact.stderr);
    assert.deepEqual(artifact.json().tags, ['gold']);
    assert.deepEqual((await cli('artifact', 'list', '--tag', 'gold', '--json')).json().items.map((a: any) => a.name), [ARTIFACT]);

    const version = await cli('artifact', 'version', 'update', ARTIFACT, '--version', '1', '-t', 'gold', '-t', 'first', '--json');
    assert.equal(version.code, 0, version.stderr);
    assert.deepEqual([version.json().version, version.json().tags], [1, ['first', 'gold']]);
    const versions = (await cli('artifact', 'version', 'list', '--tag', 'first', '--json')).json();
    assert.deepEqual([versions.total, versions.items[0].version], [1, 1]);

    const removed = await cli('pipeline', 'update', 'tagged', '-r', 'nightly', '--json');
    assert.deepEqual(removed.json().tags, ['gold']);
    assert.equal((await cli('tag', 'list', '--name', 'gold', '--json')).json().items[0].resourceCount, 4);
  });

  test('bad input changes nothing', async () => {
    const nothing = await cli('pipeline', 'update', 'tagged');
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /Nothing to update.*--tag/);
    const unknown = await cli('artifact', 'update', 'no::such::artifact', '-t', 'x', '--json');
    assert.equal(unknown.code, 1);
    assert.match(unknown.json().error.message, /No artifact named/);
    const both = await cli('pipeline', 'runs', 'update', runName, '-t', 'x', '-r', 'x', '--json');
    assert.equal(both.code, 2);
    assert.equal((await cli('tag', 'list', '--name', 'x', '--json')).json().total, 0);
    const blank = await cli('pipeline', 'update', 'tagged', '-t', ' padded ');
    assert.equal(blank.code, 2);
    const noVersion = await cli('artifact', 'version', 'update', ARTIFACT, '--version', '9', '-t', 'x');
    assert.equal(noVersion.code, 1);
  });

  test('tag update renames everywhere; tag delete removes it from everything', async () => {
    const renamed = await cli('tag', 'update', 'gold', '--name', 'platinum', '--color', 'blue', '--json');
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.deepEqual([renamed.json().name, renamed.json().color], ['platinum', 'blue']);
    assert.deepEqual((await cli('pipeline', 'describe', 'tagged', '--json')).json().tags, ['platinum']);
    const clash = await cli('tag', 'update', 'platinum', '--name', 'first');
    assert.equal(clash.code, 1);
    const empty = await cli('tag', 'update', 'platinum');
    assert.equal(empty.code, 2);

    const refused = await cli('tag', 'delete', 'platinum');
    assert.equal(refused.code, 2);
    const deleted = await cli('tag', 'delete', 'platinum', '-y', '--json');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.json().deleted.name, 'platinum');
    assert.equal((await cli('pipeline', 'list', '--tag', 'platinum', '--json')).json().total, 0);
    assert.deepEqual((await cli('artifact', 'version', 'list', '--tag', 'first', '--json')).json().items[0].tags, ['first']);
    const missing = await cli('tag', 'delete', 'platinum', '-y');
    assert.equal(missing.code, 1);
  });
});
