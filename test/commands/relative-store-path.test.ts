// A relative artifact-store path is resolved where it is given and stored absolute, so the
// store is the same folder whichever directory zenml later runs from.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

describe('relative artifact store paths', () => {
  let sandbox: Sandbox;
  let sub: string;
  before(() => {
    sandbox = createSandbox('zenml-relpath-');
    sub = join(sandbox.cwd, 'sub');
    mkdirSync(sub);
  });
  after(() => sandbox?.cleanup());

  test('register and update store the path resolved against the current folder', async () => {
    const registered = await runCli(['artifact-store', 'register', 'rel', '--flavor', 'local', '--path', '../relstore', '--json'], { sandbox, cwd: sub });
    assert.equal(registered.code, 0, registered.stderr);
    assert.equal(registered.json().config.path, resolve(sandbox.cwd, 'relstore'));
    const updated = await runCli(['artifact-store', 'update', 'rel', '--path', 'other', '--json'], { sandbox, cwd: sub });
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.json().config.path, join(sub, 'other'));
    const described = await runCli(['artifact-store', 'describe', 'rel', '--json'], { sandbox });
    assert.equal(described.json().config.path, join(sub, 'other'));
  });
});
