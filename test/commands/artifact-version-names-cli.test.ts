// `zenml artifact version list` with a custom version name next to numbered ones, and the
// one-line error of a run that would reuse a taken name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const named = step({ name: 'named', artifacts: { output: { name: 'weights', version: 'v-alpha' } } }, () => [1, 2]);
const plain = step({ name: 'plain', artifacts: { output: { name: 'weights' } } }, () => [3]);
export const versions = pipeline({ name: 'versions' }, () => {
  named();
  plain({}, { after: ['named'] });
});
`;

describe('zenml artifact version list with custom version names', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(() => {
    sandbox = createSandbox();
    sandbox.write('versions.ts', PIPELINE);
  });
  after(() => sandbox?.cleanup());

  test('shows the name beside the numbers; a rerun without cache fails on the taken name', async () => {
    const first = await cli('pipeline', 'run', 'versions.ts', '--json');
    assert.equal(first.code, 0, first.stderr);
    const listed = await cli('artifact', 'version', 'list', '--name', 'weights', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.json().items.map((v: any) => v.version), [1, 'v-alpha']);
    const table = await cli('artifact', 'version', 'list', '--name', 'weights', '-o', 'csv');
    assert.equal(table.code, 0, table.stderr);
    const rows = table.stdout.trim().split('\n').map((line) => line.split(','));
    const column = rows[0].indexOf('version');
    assert.deepEqual(rows.slice(1).map((row) => row[column]), ['1', 'v-alpha']);
    const latest = (await cli('artifact', 'list', '--name', 'weights', '--json')).json();
    assert.equal(latest.items[0].latestVersion, 1);

    const again = await cli('pipeline', 'run', 'versions.ts', '--no-cache', '--json');
    assert.equal(again.code, 1);
    assert.match(again.stdout + again.stderr, /artifact 'weights' already has a version 'v-alpha'/);
  });
});
