import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

describe('zenml stack commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });

  before(async () => {
    sandbox = createSandbox();
    for (const args of [
      ['orchestrator', 'register', 'proc', '--flavor', 'local_process'],
      ['artifact-store', 'register', 'shelf', '--flavor', 'local', `--path=${join(sandbox.dir, 'shelf')}`],
      ['artifact-store', 'register', 'vaulted', '--flavor', 'local', '--path={{store_secret.path}}', '--secret-validation', 'none'],
    ]) {
      const result = await cli(...args);
      assert.equal(result.code, 0, result.stderr);
    }
  });
  after(() => sandbox.cleanup());

  test('register, list (active marked), describe and get', async () => {
    const registered = await cli('stack', 'register', 'proc_stack', '-o', 'proc', '-a', 'shelf', '--json');
    assert.equal(registered.code, 0, registered.stderr);
    const stack = registered.json();
    assert.equal(stack.components.orchestrator.name, 'proc');
    assert.equal(stack.components.artifact_store.flavor, 'local');
    assert.equal(stack.active, false);

    const list = (await cli('stack', 'list', '--json')).json();
    assert.equal(list.total, 2);
    const byName = Object.fromEntries(list.items.map((s: { name: string }) => [s.name, s]));
    assert.equal(byName.default.active, true);
    assert.deepEqual(byName.proc_stack.components, { orchestrator: 'proc', artifact_store: 'shelf' });
    assert.deepEqual((await cli('stack', 'get', '--json')).json(), { name: 'default', id: byName.default.id, source: 'default' });
    assert.equal((await cli('stack', 'describe', 'proc_stack', '--json')).json().id, stack.id);
  });

  test('bad input: missing components, duplicates, unknown components change nothing', async () => {
    const missing = await cli('stack', 'register', 'half', '-o', 'proc');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs a artifact store|needs an artifact store/);
    assert.match(missing.stderr, /--artifact-store/);
    const duplicate = await cli('stack', 'register', 'proc_stack', '-o', 'proc', '-a', 'shelf');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /A stack named 'proc_stack' already exists/);
    const unknown = await cli('stack', 'register', 'ghost', '-o', 'nobody', '-a', 'shelf');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No orchestrator named 'nobody'/);
    assert.equal((await cli('stack', 'list', '--json')).json().total, 2);
  });

  test('set switches the active stack globally, status and get say where it came from', async () => {
    const set = (await cli('stack', 'set', 'proc_stack', '--json')).json();
    assert.deepEqual([set.name, set.scope], ['proc_stack', 'global config']);
    assert.equal((await cli('status', '--json')).json().activeStack.source, 'global config');
    assert.equal((await cli('stack', 'get', '--json')).json().name, 'proc_stack');
    const env = await runCli(['stack', 'get', '--json'], { sandbox, env: { ZENML_ACTIVE_STACK: 'default' } });
    assert.deepEqual([env.json().name, env.json().source], ['default', 'environment']);
    const activeDelete = await cli('stack', 'delete', 'proc_stack', '-y');
    assert.equal(activeDelete.code, 1);
    assert.match(activeDelete.stderr, /is the active stack/);
    assert.equal((await cli('stack', 'set', 'default')).code, 0);
  });

  test('inside a repository, set pins the stack in .zen/', async () => {
    assert.equal((await cli('init')).code, 0);
    const set = (await cli('stack', 'set', 'proc_stack', '--json')).json();
    assert.equal(set.scope, 'repository');
    assert.match(readFileSync(join(sandbox.cwd, '.zen', 'config.yaml'), 'utf8'), /activeStack: proc_stack/);
    assert.equal((await cli('status', '--json')).json().activeStack.source, 'repository');
    const outside = await runCli(['stack', 'get', '--json'], { sandbox, cwd: sandbox.dir });
    assert.equal(outside.json().name, 'default');
    assert.equal((await cli('stack', 'set', 'default')).code, 0);
  });

  test('update, remove-component, rename, copy', async () => {
    const updated = (await cli('stack', 'update', 'proc_stack', '-a', 'default', '--json')).json();
    assert.equal(updated.components.artifact_store.name, 'default');
    const required = await cli('stack', 'remove-component', 'proc_stack', '--container-registry');
    assert.equal(required.code, 2);
    assert.match(required.stderr, /has no container registry/);
    const renamed = (await cli('stack', 'rename', 'proc_stack', 'proc2', '--json')).json();
    assert.equal(renamed.name, 'proc2');
    const copy = (await cli('stack', 'copy', 'proc2', 'proc3', '--json')).json();
    assert.equal(copy.components.orchestrator.id, renamed.components.orchestrator.id);
    for (const args of [['stack', 'update', 'default', '-o', 'proc'], ['stack', 'rename', 'default', 'x'], ['stack', 'delete', 'default', '-y']]) {
      const refused = await cli(...args);
      assert.equal(refused.code, 1, args.join(' '));
      assert.match(refused.stderr, /The default stack cannot be/);
    }
  });

  test('export and import round-trip a stack, keeping secret references', async () => {
    assert.equal((await cli('stack', 'update', 'proc3', '-a', 'vaulted')).code, 0);
    const file = join(sandbox.dir, 'proc3.yaml');
    const exported = (await cli('stack', 'export', 'proc3', file, '--json')).json();
    assert.equal(exported.components.artifact_store.configuration.path, '{{store_secret.path}}');
    const onDisk = parse(readFileSync(file, 'utf8'));
    assert.equal(onDisk.components.orchestrator.flavor, 'local_process');

    const imported = (await cli('stack', 'import', 'proc4', '-f', file, '--json')).json();
    assert.equal(imported.components.orchestrator.name, 'proc');
    assert.deepEqual(imported.reusedComponents.sort(), ['proc', 'vaulted']);

    onDisk.components.orchestrator.name = 'fresh_proc';
    writeFileSync(file, JSON.stringify(onDisk));
    const fresh = (await cli('stack', 'import', 'proc5', '-f', file, '--json')).json();
    assert.deepEqual(fresh.createdComponents, ['fresh_proc']);

    const malformed = join(sandbox.dir, 'bad.yaml');
    writeFileSync(malformed, 'stack_name: x\ncomponents:\n  orchestrator: {flavor: local}\n');
    const bad = await cli('stack', 'import', 'bad', '-f', malformed);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /malformed: components\.orchestrator\.name is missing/);
    writeFileSync(malformed, 'stack_name: [unclosed');
    assert.equal((await cli('stack', 'import', 'bad', '-f', malformed)).code, 2);
    writeFileSync(malformed, 'stack_name: x\ncomponents:\n  orchestrator: {name: z, flavor: local, configuration: {nope: 1}}\n  artifact_store: {name: default, flavor: local}\n');
    const invalid = await cli('stack', 'import', 'bad', '-f', malformed);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /Unknown config key 'nope'/);
    const stacks = (await cli('stack', 'list', '--json')).json().items.map((s: { name: string }) => s.name);
    assert.ok(!stacks.includes('bad'));
    const orchestrators = (await cli('orchestrator', 'list', '--json')).json().items.map((c: { name: string }) => c.name);
    assert.ok(!orchestrators.includes('z'), 'a failed import created no component');
  });

  test('delete a stack with -y keeps its components', async () => {
    const deleted = (await cli('stack', 'delete', 'proc5', '-y', '--json')).json();
    assert.equal(deleted.deleted.name, 'proc5');
    assert.equal((await cli('orchestrator', 'describe', 'fresh_proc', '--json')).json().name, 'fresh_proc');
  });
});
