import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const produce = step({ name: 'produce' }, () => 41);
const consume = step({ name: 'consume' }, ({ x }: { x: number }) => x + 1);
export const twoSteps = pipeline({ name: 'two_steps' }, () => { consume({ x: produce() }); });
`;

describe('local_process progress', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(async () => {
    sandbox = createSandbox();
    sandbox.write('two.ts', PIPELINE);
    assert.equal((await cli('orchestrator', 'register', 'procs', '--flavor', 'local_process')).code, 0);
    assert.equal((await cli('stack', 'register', 'procs_stack', '-o', 'procs', '-a', 'default', '--set')).code, 0);
  });
  after(() => sandbox?.cleanup());

  test('each step child process is reported as it starts and ends, in order', async () => {
    const result = await cli('pipeline', 'run', 'two.ts');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => /^(▶|✔) (produce|consume) /.test(line));
    assert.deepEqual(
      lines.map((line) => line.replace(/ \(.*\)$/, '')),
      ['▶ produce running', '✔ produce completed', '▶ consume running', '✔ consume completed'],
    );
  });
});
