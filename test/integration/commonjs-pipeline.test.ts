import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

// A pipeline file in a folder without "type": "module" is compiled to CommonJS by tsx; its
// recorded source must still be the file itself, or out-of-process steps and resume break.
const PIPELINE = `
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { step, pipeline } from 'zenml';
const first = step({ name: 'first' }, () => 20);
const gated = step({ name: 'gated' }, ({ x }: { x: number }) => {
  if (!existsSync(join(__dirname, 'go.flag'))) throw new Error('not yet');
  return x + 1;
});
export const gate = pipeline({ name: 'gate' }, () => { gated({ x: first() }); });
`;

describe('pipelines defined in CommonJS-scoped TypeScript files', () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
    sandbox.write('cjs/package.json', JSON.stringify({ name: 'cjs-project', private: true }));
    sandbox.write('cjs/gate.ts', PIPELINE);
  });
  after(() => sandbox?.cleanup());

  test('run, fail, then resume from the recorded source file', async () => {
    const failed = await runCli(['pipeline', 'run', 'cjs/gate.ts', '--json'], { sandbox });
    assert.equal(failed.code, 1, failed.stderr);
    const run = failed.json();
    assert.equal(run.steps.first.status, 'completed');
    assert.equal(run.steps.gated.status, 'failed');

    writeFileSync(join(sandbox.cwd, 'cjs', 'go.flag'), '');
    // From another directory: the snapshot must hold an absolute path, not the one typed.
    const resumed = await runCli(['pipeline', 'runs', 'resume', run.id, '--json'], { sandbox, cwd: sandbox.dir });
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
    const result = resumed.json();
    assert.equal(result.status, 'completed');
    assert.equal(result.steps.first.cached, true);
    assert.equal(result.steps.gated.status, 'completed');
  });
});
