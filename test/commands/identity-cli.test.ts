// zenml user, service-account (api-key) and project: thin commands over the Client; secrets
// (passwords, API keys) are read from stdin or shown once, never echoed back afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'run.js');

describe('zenml user, service-account and project commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  /** A command with `input` on stdin (runCli has none). */
  const withStdin = (input: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { input, env: sandbox.env, cwd: sandbox.cwd, encoding: 'utf8' });

  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox?.cleanup());

  test('user create reads the password from stdin, never echoes it; without one it fails in one line', async () => {
    const created = withStdin('hunter2-pw\n', 'user', 'create', 'alice', '--admin', '--password-stdin', '--json');
    assert.equal(created.status, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).isAdmin, true);
    assert.ok(!created.stdout.includes('hunter2-pw') && !created.stderr.includes('hunter2-pw'));
    const noPassword = await cli('user', 'create', 'bob');
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /--password-stdin/);
    assert.equal(noPassword.stderr.trim().split('\n').length, 1);
    const list = await cli('user', 'list', '--json');
    assert.deepEqual(list.json().items.map((u: { name: string }) => u.name), ['alice']);
    assert.equal((await cli('user', 'update', 'alice', '--no-admin', '--json')).json().isAdmin, false);
    assert.equal((await cli('user', 'deactivate', 'alice', '--json')).json().active, false);
    assert.equal((await cli('user', 'describe', 'alice', '--json')).json().active, false);
    assert.equal((await cli('user', 'delete', 'alice', '-y')).code, 0);
    assert.equal((await cli('user', 'describe', 'alice')).code, 1);
  });

  test('service-account create prints its first key once; api-key rotate, deactivate and delete', async () => {
    const created = await cli('service-account', 'create', 'ci', '--description', 'CI', '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.json().key, /^ZENKEY_[0-9a-f]{32}_/);
    const described = await cli('service-account', 'api-key', 'describe', 'ci', 'default', '--json');
    assert.ok(!described.stdout.includes(created.json().key));
    const rotated = await cli('service-account', 'api-key', 'rotate', 'ci', 'default', '--retain', '10', '--json');
    assert.notEqual(rotated.json().key, created.json().key);
    assert.equal((await cli('service-account', 'api-key', 'rotate', 'ci', 'default', '--retain', '-1')).code, 2);
    assert.equal((await cli('service-account', 'api-key', 'create', 'ci', 'deploy', '--json')).code, 0);
    assert.equal((await cli('service-account', 'api-key', 'deactivate', 'ci', 'deploy', '--json')).json().active, false);
    const keys = (await cli('service-account', 'api-key', 'list', 'ci', '--json')).json();
    assert.deepEqual(keys.items.map((k: { name: string }) => k.name), ['default', 'deploy']);
    assert.equal((await cli('service-account', 'api-key', 'delete', 'ci', 'deploy', '-y')).code, 0);
    assert.equal((await cli('service-account', 'list', '--json')).json().total, 1);
    // A service account is not a user, and the reverse.
    assert.equal((await cli('user', 'describe', 'ci')).code, 1);
    assert.equal((await cli('service-account', 'deactivate', 'ci', '--json')).json().active, false);
    assert.equal((await cli('service-account', 'delete', 'ci', '-y')).code, 0);
  });

  test('project create --set, list marks the active one, set, delete refuses the active, default and non-empty', async () => {
    assert.equal((await cli('project', 'create', 'vision', '--set')).code, 0);
    const list = (await cli('project', 'list', '--json')).json();
    assert.deepEqual(list.items.map((p: { name: string }) => p.name), ['default', 'vision']);
    assert.equal((await cli('project', 'describe', '--json')).json().name, 'vision');
    // The active project has its own default stack and its own secrets.
    assert.equal((await cli('stack', 'describe', '--json')).code, 0);
    assert.equal((await cli('secret', 'create', 'token', '--key=v')).code, 0);
    assert.equal((await cli('project', 'delete', 'vision', '-y')).code, 2, 'the active project');
    assert.equal((await cli('project', 'set', 'default')).code, 0);
    assert.equal((await cli('secret', 'get', 'token')).code, 1);
    const held = await cli('project', 'delete', 'vision', '-y');
    assert.equal(held.code, 1);
    assert.match(held.stderr, /still holds secrets/);
    const fromEnv = runCli(['secret', 'delete', 'token', '-y'], { sandbox, env: { ZENML_ACTIVE_PROJECT_ID: 'vision' } });
    assert.equal((await fromEnv).code, 0);
    assert.equal((await cli('project', 'delete', 'vision', '-y')).code, 0);
    assert.equal((await cli('project', 'delete', 'default', '-y')).code, 2);
  });
});
