// `zenml pipeline run` with bad input from issue 18: run-config values of the wrong type, a
// circular parameter, a syntax error. Each exits 2 with one line, and stores no run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { pipeline, step } from 'zenml';
const train = step({ name: 'train' }, ({ trees = 1 }: { trees?: number }) => trees * 2);
export const demo = pipeline({ name: 'demo' }, () => { train({}); });
`;

const CIRCULAR = `
import { pipeline, step } from 'zenml';
const train = step({ name: 'train' }, ({ config }: { config?: unknown }) => 1);
const config: Record<string, unknown> = { depth: 3 };
config.parent = { child: config };
export const circular = pipeline({ name: 'circular' }, () => { train({ config }); });
`;

describe('zenml pipeline run refuses bad input before storing anything', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const runCount = async () => (await cli('pipeline', 'runs', 'list', '--json')).json().total as number;

  before(() => {
    sandbox = createSandbox('zenml-run-input-');
    sandbox.write('p.ts', PIPELINE);
    sandbox.write('circular.ts', CIRCULAR);
    sandbox.write('syntax.ts', "import { pipeline } from 'zenml';\nexport const broken = pipeline({ name: 'broken' }, () => 1;\nexport const after = 2;\n");
  });
  after(() => sandbox?.cleanup());

  async function refused(args: string[], pattern: RegExp): Promise<void> {
    const result = await cli('pipeline', 'run', ...args);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, `not one line: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /ZENML_DEBUG/, 'reported as a bug');
  }

  test('run-config values of the wrong type: every problem with its path, exit 2', async () => {
    sandbox.write('bad.yaml', 'run_name: 123\ntags: notalist\nenable_cache: "no"\nsteps:\n  train:\n    parameters: 5\n    retry: { max_retries: -5 }\n');
    await refused(
      ['p.ts', '--config', 'bad.yaml'],
      /^Error: Run config bad\.yaml has 5 invalid values: run_name: must be a string \(got 123\); tags: must be an array \(got "notalist"\); enable_cache: must be a boolean \(got "no"\); steps\.train\.parameters: must be an object \(got 5\); steps\.train\.retry\.max_retries: must be >= 0 \(got -5\)\. Fix them and run again\.$/m,
    );
    sandbox.write('secrets.yaml', 'secrets: nosuch\n');
    await refused(['p.ts', '--config', 'secrets.yaml'], /secrets: must be an array \(got "nosuch"\)/);
    assert.equal(await runCount(), 0);
  });

  test('a circular parameter: one line naming where it loops, exit 2', async () => {
    await refused(['circular.ts'], /^Error: Parameter 'config' of step 'train' \(at parent\.child\) refers back to itself \(a circular object\)/);
    sandbox.write('loop.yaml', 'steps:\n  train:\n    parameters: &loop\n      trees: 2\n      again: *loop\n');
    await refused(['p.ts', '--config', 'loop.yaml'], /parameter of step 'train' \(at again\) refers back to itself/);
    assert.equal(await runCount(), 0);
  });

  test('a syntax error names the file and line', async () => {
    await refused(['syntax.ts'], /^Error: Importing syntax\.ts failed: syntax error at syntax\.ts:2:59: Expected "\)" but found ";" Fix the error in the file and try again\.$/m);
  });

  test('the valid config still runs', async () => {
    sandbox.write('good.yaml', 'run_name: good-run\ntags: [a]\nenable_cache: false\nsteps:\n  train:\n    parameters: { trees: 4 }\n    retry: { max_retries: 1 }\n');
    const run = await cli('pipeline', 'run', 'p.ts', '--config', 'good.yaml', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json().name, 'good-run');
    assert.equal(await runCount(), 1);
  });
});
