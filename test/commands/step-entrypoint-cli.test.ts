// `zenml step-entrypoint` called by hand with bad arguments, and `artifact inspect --load` of an
// artifact whose custom materializer this process never registered: one line each, the right exit code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { BaseMaterializer, pipeline, step } from 'zenml';

// Passed to the step, never registered: a later process cannot know it.
class PointMaterializer extends BaseMaterializer {
  id = 'test.point';
  canHandle = (value) => value instanceof Object && 'x' in value;
  async save(value, files) { await files.writeFile('point.txt', value.x + ',' + value.y); }
  async load(files) { const [x, y] = (await files.readFile('point.txt')).toString().split(','); return { x: Number(x), y: Number(y) }; }
}

const make = step({ name: 'make', enableCache: false, outputMaterializers: new PointMaterializer(), artifacts: { output: { name: 'point' } } }, () => ({ x: 1, y: 2 }));
const use = step({ name: 'use', enableCache: false }, ({ p }) => p.x + p.y);
export const points = pipeline({ name: 'points' }, () => { use({ p: make() }); });
`;

function oneLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `not one line:\n${text}`);
  return lines[0];
}

describe('step-entrypoint and unregistered materializers through the CLI', () => {
  let sandbox: Sandbox;
  let runId: string;
  let snapshotId: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { ZENML_DEBUG: '' } });

  before(async () => {
    sandbox = createSandbox('zenml-entrypoint-');
    sandbox.write('points.mjs', PIPELINE);
    const run = await cli('pipeline', 'run', 'points.mjs', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json().status, 'completed', run.stdout);
    runId = run.json().id;
    const described = await cli('pipeline', 'runs', 'describe', runId, '--json');
    assert.equal(described.code, 0, described.stderr);
    snapshotId = described.json().snapshotId;
    assert.ok(snapshotId, described.stdout);
  });
  after(() => sandbox?.cleanup());

  test('the artifact loads in its run, but a process without the materializer says which one and how to register it', async () => {
    const result = await cli('artifact', 'inspect', 'point', '--load');
    assert.equal(result.code, 1, result.stderr);
    const line = oneLine(result.stderr);
    assert.match(line, /Artifact 'point' version 1 was stored by materializer 'test\.point', which is not registered in this process/);
    assert.match(line, /registerMaterializer\(\) with 'test\.point'/);
    assert.equal(result.stdout, '');
  });

  for (const [label, args, pattern] of [
    ['no flags', [], /Missing required flag/],
    ['an unexpected argument', ['--snapshot', 's', '--run', 'r', '--step', 'make', 'extra'], /Unexpected argument: extra/],
    ['an unknown snapshot id', ['--snapshot', '00000000-0000-4000-8000-00000000dead', '--run', 'RUN', '--step', 'make'], /snapshot.*--snapshot/],
    ['an unknown run id', ['--snapshot', 'SNAPSHOT', '--run', 'no-such-run', '--step', 'make'], /no-such-run.*--run/],
    ['a step the pipeline does not have', ['--snapshot', 'SNAPSHOT', '--run', 'RUN', '--step', 'nope'], /has no step 'nope'.*Steps: make, use/],
  ] as const) {
    test(`step-entrypoint with ${label}: one line, exit 2, nothing run`, async () => {
      const filled = args.map((arg) => (arg === 'RUN' ? runId : arg === 'SNAPSHOT' ? snapshotId : arg));
      const stepsBefore = (await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout;
      const result = await cli('step-entrypoint', ...filled);
      assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(oneLine(result.stderr), pattern);
      assert.equal((await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout, stepsBefore, 'nothing recorded');
    });
  }
});
