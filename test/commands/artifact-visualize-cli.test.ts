// `zenml artifact visualize NAME [--version V] [--index N] [--output FILE]`: text kinds to
// stdout, images to a temp file (path printed) or --output, --json, and one-line errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const scores = step({ name: 'scores' }, () => [0.5, 0.75, 0.25, 1]);
const rows = step({ name: 'rows' }, () => [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
const nothing = step({ name: 'nothing' }, () => null);
export const viz = pipeline({ name: 'viz' }, () => {
  scores();
  rows();
  nothing();
});
`;

describe('zenml artifact visualize', () => {
  let sandbox: Sandbox;
  // Temp files land in the sandbox, which is removed afterwards.
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { TMPDIR: join(sandbox.dir, 'tmp') } });

  before(async () => {
    sandbox = createSandbox();
    mkdirSync(join(sandbox.dir, 'tmp'));
    sandbox.write('viz.ts', PIPELINE);
    const run = await cli('pipeline', 'run', 'viz.ts', '--json');
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => sandbox?.cleanup());

  test('prints text kinds to stdout: JSON by default, the CSV table with --index', async () => {
    const json = await cli('artifact', 'visualize', 'viz::scores::output');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [0.5, 0.75, 0.25, 1]);
    const csv = await cli('artifact', 'visualize', 'viz::rows::output', '--version', '1', '--index', '1');
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, 'id,name\n1,a\n2,b\n');
  });

  test('an image goes to a temp file whose path is printed, or to --output; --json names the file', async () => {
    const temp = await cli('artifact', 'visualize', 'viz::scores::output', '-i', '1');
    assert.equal(temp.code, 0, temp.stderr);
    const path = temp.stdout.trim();
    assert.match(path, /zenml-visualizations\/[0-9a-f-]+-1\.svg$/);
    assert.ok(path.startsWith(join(sandbox.dir, 'tmp')), path);
    assert.match(readFileSync(path, 'utf8'), /^<svg /);
    const out = join(sandbox.dir, 'chart.svg');
    const written = await cli('artifact', 'visualize', 'viz::scores::output', '--index', '1', '--output', out, '--json');
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(written.json(), { type: 'image', file: out });
    assert.equal(readFileSync(out, 'utf8'), readFileSync(path, 'utf8'));
    const text = await cli('artifact', 'visualize', 'viz::rows::output', '--index', '1', '--json');
    assert.deepEqual(text.json(), { type: 'csv', value: 'id,name\n1,a\n2,b\n' });
  });

  test('errors are one line and write nothing: unknown artifact, version, index, no visualizations, bad --output', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['viz::nope::output'], 1, /^Error: No artifact named 'viz::nope::output'\./],
      [['viz::scores::output', '--version', '7'], 1, /^Error: Artifact 'viz::scores::output' has no version 7\./],
      [['viz::scores::output', '--index', '5'], 2, /^Error: Artifact 'viz::scores::output' version 1 has 2 visualizations \(0: json preview\.json, 1: image chart\.svg\); there is no index 5\. Pick an index from 0 to 1\./],
      [['viz::nothing::output'], 1, /^Error: Artifact 'viz::nothing::output' version 1 has no visualizations\./],
      [['viz::scores::output', '--output', join(sandbox.dir, 'missing', 'x.svg')], 2, /^Error: --output .* the folder .*missing does not exist\./],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli('artifact', 'visualize', ...args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(result.stdout, '');
    }
    mkdirSync(join(sandbox.dir, 'folder'));
    const folder = await cli('artifact', 'visualize', 'viz::scores::output', '--output', join(sandbox.dir, 'folder'));
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /is a folder\./);
    assert.ok(!existsSync(join(sandbox.dir, 'missing')));
  });
});
