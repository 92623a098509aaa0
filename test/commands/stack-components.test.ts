import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

// Every component topic is built by one factory; these run the real CLI and parse --json.
describe('zenml <component-type> commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });

  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox.cleanup());

  test('flavor list and describe show bundled flavors and their config keys', async () => {
    const list = (await cli('orchestrator', 'flavor', 'list', '--json')).json();
    assert.deepEqual(list.items.map((f: { name: string }) => f.name).sort(), ['bullmq', 'local', 'local_docker', 'local_process']);
    assert.equal(list.items.find((f: { name: string }) => f.name === 'local').plugin, '@zenml/flavor-local');
    const store = (await cli('artifact-store', 'flavor', 'describe', 'local', '--json')).json();
    assert.equal(store.type, 'artifact_store');
    assert.deepEqual(store.keys.map((k: { key: string }) => k.key), ['path', 'sharedFilesystem']);
    assert.equal(store.keys[0].required, false);
    const unknown = await cli('orchestrator', 'flavor', 'describe', 'nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown orchestrator flavor 'nope'\. Known flavors: .*local/);
  });

  test('register validates config: coerces types, names the bad key, accepts secret references', async () => {
    const ok = await cli('orchestrator', 'register', 'par', '--flavor', 'local', '--max-parallelism=2', '--json');
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(ok.json().config, { maxParallelism: 2 });
    assert.equal(ok.json().flavor, 'local');

    const unknownKey = await cli('orchestrator', 'register', 'x1', '--flavor', 'local', '--colour=red');
    assert.equal(unknownKey.code, 2);
    assert.match(unknownKey.stderr, /^Error: Unknown config key 'colour' for orchestrator flavor 'local'\. Known keys: maxParallelism, isolation\.\n$/);
    const wrongType = await cli('orchestrator', 'register', 'x2', '--flavor', 'local', '--maxParallelism', 'many');
    assert.equal(wrongType.code, 2);
    assert.match(wrongType.stderr, /Config key 'maxParallelism' .* must be integer \(got "many"\)/);
    const noFlavor = await cli('orchestrator', 'register', 'x3');
    assert.equal(noFlavor.code, 2);
    assert.match(noFlavor.stderr, /--flavor/);
    const badFlavor = await cli('orchestrator', 'register', 'x4', '--flavor', 'kubeflow');
    assert.equal(badFlavor.code, 2);
    assert.match(badFlavor.stderr, /Unknown orchestrator flavor 'kubeflow'/);

    // A reference to a secret that does not exist is refused by default (strict)...
    const missingSecret = await cli('artifact-store', 'register', 'vault', '-f', 'local', '--path={{store_creds.root}}');
    assert.equal(missingSecret.code, 2);
    assert.match(missingSecret.stderr, /secret 'store_creds', which does not exist/);
    // ...accepted unchecked with --secret-validation none...
    const unchecked = await cli('artifact-store', 'register', 'vault_unchecked', '-f', 'local', '--path={{store_creds.root}}', '--secret-validation', 'none', '--json');
    assert.equal(unchecked.code, 0, unchecked.stderr);
    // ...and accepted strictly once the secret and key exist; the reference is kept, not the value.
    const created = await cli('secret', 'create', 'store_creds', '--root=/tmp/somewhere');
    assert.equal(created.code, 0, created.stderr);
    const wrongKey = await cli('artifact-store', 'register', 'vault', '-f', 'local', '--path={{store_creds.nope}}');
    assert.equal(wrongKey.code, 2);
    assert.match(wrongKey.stderr, /has no such key/);
    const secret = await cli('artifact-store', 'register', 'vault', '-f', 'local', '--path={{store_creds.root}}', '--json');
    assert.equal(secret.code, 0, secret.stderr);
    assert.equal(secret.json().config.path, '{{store_creds.root}}');

    const names = (await cli('orchestrator', 'list', '--json')).json().items.map((c: { name: string }) => c.name);
    assert.deepEqual(names.sort(), ['default', 'par'], 'failed registrations changed nothing');
  });

  test('duplicate names and types without flavors are clear errors', async () => {
    const duplicate = await cli('orchestrator', 'register', 'par', '--flavor', 'local');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /An orchestrator named 'par' already exists/);
    const noFlavors = await cli('model-deployer', 'register', 'dep', '--flavor', 'docker');
    assert.equal(noFlavors.code, 2);
    assert.match(noFlavors.stderr, /Unknown model deployer flavor 'docker'\. No model deployer flavors are installed yet/);
    const unknown = await cli('container-registry', 'register', 'reg', '--flavor', 'ecr');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown container registry flavor 'ecr'\. Known flavors: default/);
    const empty = (await cli('model-deployer', 'flavor', 'list', '--json')).json();
    assert.deepEqual(empty, { items: [], total: 0, page: 1, size: 50 });
  });

  test('update, remove-attribute, rename, copy, describe and list', async () => {
    const updated = (await cli('orchestrator', 'update', 'par', '--maxParallelism=3', '--json')).json();
    assert.equal(updated.config.maxParallelism, 3);
    const badUpdate = await cli('orchestrator', 'update', 'par', '--maxParallelism=0');
    assert.equal(badUpdate.code, 2);
    assert.match(badUpdate.stderr, /maxParallelism/);
    const stripped = (await cli('orchestrator', 'remove-attribute', 'par', 'maxParallelism', '--json')).json();
    assert.deepEqual(stripped.config, {});
    const missing = await cli('orchestrator', 'remove-attribute', 'par', 'nothing');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /has no attribute 'nothing'/);

    assert.equal((await cli('orchestrator', 'rename', 'par', 'parallel', '--json')).json().name, 'parallel');
    const copy = (await cli('orchestrator', 'copy', 'parallel', 'parallel2', '--json')).json();
    assert.equal(copy.flavor, 'local');
    const described = (await cli('orchestrator', 'describe', 'parallel2', '--json')).json();
    assert.equal(described.id, copy.id);
    assert.deepEqual(described.stacks, []);
    const active = (await cli('orchestrator', 'describe', '--json')).json();
    assert.equal(active.name, 'default');
    assert.equal(active.active, true);
    assert.deepEqual(active.stacks, ['default']);

    const list = (await cli('orchestrator', 'list', '--json')).json();
    assert.equal(list.total, 3);
    assert.deepEqual(list.items.filter((c: { active: boolean }) => c.active).map((c: { name: string }) => c.name), ['default']);
    const csv = await cli('orchestrator', 'list', '-o', 'csv');
    assert.match(csv.stdout.split('\n')[0], /^active,name,flavor/);
    const yaml = await cli('artifact-store', 'describe', 'default', '-o', 'yaml');
    assert.match(yaml.stdout, /^id: /m);
  });

  test('delete refuses default components and components in use, then deletes with -y', async () => {
    const defaultDelete = await cli('orchestrator', 'delete', 'default', '-y');
    assert.equal(defaultDelete.code, 1);
    assert.match(defaultDelete.stderr, /The default orchestrator cannot be deleted/);
    const renameDefault = await cli('artifact-store', 'rename', 'default', 'other');
    assert.equal(renameDefault.code, 1);

    assert.equal((await cli('stack', 'register', 'uses_it', '-o', 'parallel2', '-a', 'default')).code, 0);
    const inUse = await cli('orchestrator', 'delete', 'parallel2', '-y');
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /used by the stack\(s\) 'uses_it'/);
    const noConfirm = await cli('orchestrator', 'delete', 'parallel');
    assert.equal(noConfirm.code, 2);
    assert.match(noConfirm.stderr, /-y/);
    const deleted = (await cli('orchestrator', 'delete', 'parallel', '-y', '--json')).json();
    assert.equal(deleted.deleted.name, 'parallel');
    const gone = await cli('orchestrator', 'describe', 'parallel');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No orchestrator named 'parallel'/);
  });
});
