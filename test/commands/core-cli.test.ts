import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

describe('zenml version, status, init and clean', () => {
  let sandbox: Sandbox;
  const cli = (args: string[], cwd?: string) => runCli(args, { sandbox, cwd });

  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox?.cleanup());

  test('version --json', async () => {
    const result = await cli(['version', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(result.json().version, version);
    assert.equal(result.json().node, process.version);
    const plain = await cli(['version']);
    assert.match(plain.stdout, new RegExp(`^zenml ${version.replace(/\./g, '\\.')} `));
  });

  test('status on a fresh config: default stack, no repository', async () => {
    const result = await cli(['status', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const status = result.json();
    assert.equal(status.activeStack.name, 'default');
    assert.equal(status.activeStack.source, 'default');
    assert.equal(status.configDir, sandbox.configDir);
    assert.equal(status.repositoryRoot, null);
    assert.equal(typeof status.store, 'string');
    assert.ok(existsSync(sandbox.configDir), 'the first command creates the config dir');
  });

  test('init makes a repository that status finds from below', async () => {
    const result = await cli(['init', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.json(), { root: sandbox.cwd, created: true });
    assert.ok(existsSync(join(sandbox.cwd, '.zen')));
    const sub = join(sandbox.cwd, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    const status = (await cli(['status', '--json'], sub)).json();
    assert.equal(realpathSync(status.repositoryRoot), realpathSync(sandbox.cwd));
    assert.equal((await cli(['init', '--json'])).json().created, false, 'init twice is harmless');
    const other = join(sandbox.dir, 'other');
    const elsewhere = await cli(['init', '--path', other, '--json']);
    assert.equal(elsewhere.json().root, other);
    assert.ok(existsSync(join(other, '.zen')));
  });

  test('clean needs -y without a terminal, then removes the config dir', async () => {
    const refused = await cli(['clean']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /-y/);
    assert.equal(refused.stderr.trim().split('\n').length, 1);
    assert.ok(existsSync(sandbox.configDir), 'nothing deleted');

    const cleaned = await cli(['clean', '-y', '--json']);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.equal(cleaned.json().deleted, sandbox.configDir);
    assert.equal(existsSync(sandbox.configDir), false);
    // The next command starts from scratch with the default stack again.
    const status = await cli(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.json().activeStack.name, 'default');
  });
});
