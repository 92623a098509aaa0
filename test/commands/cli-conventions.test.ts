// ZenML's CLI conventions through the real CLI: filter operators and --sort-by on lists,
// unique id prefixes, `stack switch`, `flavor list`, and update commands that print what
// describe prints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `import { pipeline, step } from 'zenml';
const make = step({ name: 'make' }, () => 42);
export const conv = pipeline({ name: 'conv' }, () => { make(); });
`;

describe('CLI conventions', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const ok = async (...args: string[]) => {
    const result = await cli(...args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  const names = async (...args: string[]) => (await ok(...args, '--json')).json().items.map((item: { name: string }) => item.name);
  const runs: Array<{ id: string; name: string }> = [];

  before(async () => {
    sandbox = createSandbox();
    const file = sandbox.write('conv.ts', PIPELINE);
    for (const name of ['conv-alpha', 'conv-beta']) runs.push((await ok('pipeline', 'run', file, '--run-name', name, '--json')).json());
    for (const tag of ['data_x', 'dataXx', 'iris-a', 'iris-b']) await ok('tag', 'register', tag);
    for (const model of ['iris_a', 'iris_b', 'other']) await ok('model', 'register', model);
  });
  after(() => sandbox?.cleanup());

  test('a plain --name matches exactly; _ and % are not wildcards', async () => {
    assert.deepEqual(await names('tag', 'list', '--name', 'data_x'), ['data_x']);
    assert.deepEqual(await names('tag', 'list', '--name', 'data_'), []);
    assert.deepEqual(await names('tag', 'list', '--name', 'startswith:data_'), ['data_x']);
    assert.deepEqual(await names('tag', 'list', '--name', 'startswith:data', '--sort-by', 'asc:name'), ['dataXx', 'data_x'].sort());
  });

  test('contains, startswith, endswith, oneof and --sort-by on several lists', async () => {
    assert.deepEqual(await names('model', 'list', '--name', 'contains:iris', '--sort-by', 'desc:name'), ['iris_b', 'iris_a']);
    assert.deepEqual(await names('model', 'list', '--name', 'oneof:[other,iris_a]', '--sort-by', 'asc:name'), ['iris_a', 'other']);
    assert.deepEqual(await names('tag', 'list', '--name', 'endswith:-b'), ['iris-b']);
    assert.deepEqual(await names('stack', 'list', '--name', 'startswith:def'), ['default']);
    assert.deepEqual(await names('orchestrator', 'list', '--name', 'notequals:default'), []);
    assert.deepEqual(await names('pipeline', 'list', '--name', 'contains:on'), ['conv']);
    const page = (await ok('pipeline', 'runs', 'list', '--name', 'contains:-al', '--json')).json();
    assert.deepEqual([page.total, page.items.map((r: { name: string }) => r.name)], [1, ['conv-alpha']]);
    assert.deepEqual(await names('pipeline', 'runs', 'list', '--sort-by', 'asc:created'), ['conv-alpha', 'conv-beta']);
    assert.deepEqual(await names('pipeline', 'runs', 'list', '--sort-by', 'desc:name'), ['conv-beta', 'conv-alpha']);
    assert.deepEqual(await names('pipeline', 'runs', 'list', '--status', 'oneof:[completed,cached]', '--pipeline', 'startswith:co', '--sort-by', 'name'), ['conv-alpha', 'conv-beta']);
  });

  test('dates take gt/gte/lt/lte', async () => {
    assert.equal((await names('model', 'list', '--created', 'gte:2000-01-01')).length, 3);
    assert.deepEqual(await names('model', 'list', '--created', 'lt:2000-01-01'), []);
    const first = (await ok('pipeline', 'runs', 'describe', runs[0].id, '--json')).json();
    assert.deepEqual(await names('pipeline', 'runs', 'list', '--created', `gt:${first.created}`), ['conv-beta']);
  });

  test('bad filters are usage errors', async () => {
    const sort = await cli('model', 'list', '--sort-by', 'desc:nope');
    assert.equal(sort.code, 2);
    assert.match(sort.stderr, /Cannot sort by 'nope'.*name, created/s);
    const date = await cli('model', 'list', '--created', 'gte:soon');
    assert.equal(date.code, 2);
    assert.match(date.stderr, /not a date/);
    const status = await cli('pipeline', 'runs', 'list', '--status', 'bogus');
    assert.equal(status.code, 2);
    assert.match(status.stderr, /Unknown status 'bogus'/);
    const oneof = await cli('tag', 'list', '--name', 'oneof:a,b');
    assert.equal(oneof.code, 2);
  });

  test('artifact lists take the same filters; a plain name is exact', async () => {
    assert.deepEqual(await names('artifact', 'list', '--name', 'make'), []);
    assert.deepEqual(await names('artifact', 'list', '--name', 'contains:make'), ['conv::make::output']);
    // The second run was a cache hit: one version.
    const versions = (await ok('artifact', 'version', 'list', '--name', 'startswith:conv::', '--sort-by', 'asc:created', '--json')).json();
    assert.equal(versions.total, 1);
    assert.equal((await ok('artifact', 'version', 'list', '--name', 'conv::make::output', '--json')).json().total, 1);
    assert.equal((await ok('artifact', 'version', 'list', '--name', 'endswith::other', '--json')).json().total, 0);
    const unknown = await cli('artifact', 'version', 'list', '--name', 'conv::nope');
    assert.equal(unknown.code, 1);
    const latest = versions.items[0];
    assert.equal((await ok('artifact', 'inspect', latest.id.slice(0, 8), '--json')).json().id, latest.id);
  });

  test('a unique id prefix works wherever a name or id does', async () => {
    const prefix = runs[0].id.slice(0, 8);
    const described = await ok('pipeline', 'runs', 'describe', prefix, '--json');
    assert.equal(described.json().id, runs[0].id);
    const model = (await ok('model', 'describe', 'iris_a', '--json')).json();
    assert.equal((await ok('model', 'describe', model.id.slice(0, 8), '--json')).json().name, 'iris_a');
    const stack = (await ok('stack', 'describe', 'default', '--json')).json();
    assert.equal((await ok('stack', 'describe', stack.id.slice(0, 6), '--json')).json().name, 'default');
    const missing = await cli('pipeline', 'runs', 'describe', 'ffff0000ffff');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No pipeline run named or with id 'ffff0000ffff'/);
  });

  test('stack switch is stack set; without a name and a terminal it names the missing argument', async () => {
    await ok('stack', 'register', 'second', '-o', 'default', '-a', 'default');
    const switched = (await ok('stack', 'switch', 'second', '--json')).json();
    assert.equal(switched.name, 'second');
    assert.equal((await ok('stack', 'describe', '--json')).json().name, 'second');
    const missing = await cli('stack', 'switch');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing required argument NAME.*zenml stack switch <name>/s);
    assert.equal((await ok('stack', 'set', 'default', '--json')).json().name, 'default');
  });

  test('flavor list shows every component type with type, flavor, plugin and description', async () => {
    const items = (await ok('flavor', 'list', '--json')).json().items as Array<{ type: string; name: string; plugin: string; description: string }>;
    const types = new Set(items.map((f) => f.type));
    assert.ok(types.has('orchestrator') && types.has('artifact_store'), [...types].join(','));
    assert.ok(items.every((f) => f.plugin && f.description));
    const table = await ok('flavor', 'list');
    assert.match(table.stdout.split('\n')[1], /│ type\s+│ flavor\s+│ plugin\s+│ description/);
  });

  test('update commands print what describe prints', async () => {
    const updatedRun = await ok('pipeline', 'runs', 'update', runs[1].name, '-t', 'reviewed');
    assert.equal(updatedRun.stdout, (await ok('pipeline', 'runs', 'describe', runs[1].name)).stdout);
    const updatedModel = await ok('model', 'update', 'other', '--description', 'the other one');
    assert.equal(updatedModel.stdout, (await ok('model', 'describe', 'other')).stdout);
    const updatedPipeline = await ok('pipeline', 'update', 'conv', '-t', 'nightly');
    assert.equal(updatedPipeline.stdout, (await ok('pipeline', 'describe', 'conv')).stdout);
    const stack = await ok('stack', 'update', 'second', '-o', 'default');
    assert.ok(stack.stdout.endsWith((await ok('stack', 'describe', 'second')).stdout), stack.stdout);
    const tag = await ok('tag', 'update', 'iris-a', '--color', 'blue');
    assert.match(tag.stdout, /resources/);
    assert.doesNotMatch(tag.stdout, /resourceCount/);
    const artifact = await ok('artifact', 'update', 'conv::make::output', '-t', 'x');
    assert.match(artifact.stdout, /latest version/);
    assert.doesNotMatch(artifact.stdout, /versionCount|latestVersion/);
    const version = await ok('artifact', 'version', 'update', 'conv::make::output', '-t', 'y');
    assert.equal(version.stdout, (await ok('artifact', 'inspect', 'conv::make::output')).stdout);
    assert.deepEqual((await ok('pipeline', 'runs', 'update', runs[1].name, '-t', 'again', '--json')).json().tags, ['again', 'reviewed']);
  });
});
