import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

// ZenML's environment names work as ours do; two names that disagree stop the command.
describe("ZenML's environment names: ZENML_CONFIG_PATH and ZENML_ACTIVE_STACK_ID", () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox?.cleanup());

  test('ZENML_CONFIG_PATH chooses the config dir when ZENML_CONFIG_DIR is unset', async () => {
    const elsewhere = join(sandbox.dir, 'zenml-config-path');
    // Empty counts as unset, as it does for every zenml variable.
    const result = await runCli(['status', '--json'], { sandbox, env: { ZENML_CONFIG_DIR: '', ZENML_CONFIG_PATH: elsewhere } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().configDir, elsewhere);
  });

  test('ZENML_CONFIG_DIR and ZENML_CONFIG_PATH set to different dirs: exit 2 naming both', async () => {
    const result = await runCli(['status'], { sandbox, env: { ZENML_CONFIG_PATH: join(sandbox.dir, 'other') } });
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stderr, /ZENML_CONFIG_DIR=.* and ZENML_CONFIG_PATH=.* disagree/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  test('ZENML_ACTIVE_STACK_ID activates a stack by id', async () => {
    const copy = await runCli(['stack', 'copy', 'default', 'by-id', '--json'], { sandbox });
    assert.equal(copy.code, 0, copy.stderr);
    const id = copy.json().id as string;
    const result = await runCli(['status', '--json'], { sandbox, env: { ZENML_ACTIVE_STACK_ID: id } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().activeStack.name, 'by-id');
    assert.equal(result.json().activeStack.source, 'environment');
  });

  test('ZENML_ACTIVE_STACK and ZENML_ACTIVE_STACK_ID that disagree: exit 2', async () => {
    const result = await runCli(['status'], { sandbox, env: { ZENML_ACTIVE_STACK: 'default', ZENML_ACTIVE_STACK_ID: 'by-id' } });
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stderr, /ZENML_ACTIVE_STACK=default and ZENML_ACTIVE_STACK_ID=by-id disagree/);
  });
});
