// Names through the CLI: a bad run name fails before any run exists, with one escaped line;
// a name stored raw by an older version is shown with its control characters escaped.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const make = step({ name: 'make' }, () => 1);
export const named = pipeline({ name: 'named' }, () => { make(); });
`;

describe('names on the command line', () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox('zenml-names-cli-');
    sandbox.write('p.ts', PIPELINE);
    sandbox.write('newline.yaml', 'runName: "first\\nsecond"\n');
    sandbox.write('escape.yaml', 'runName: ../../outside\n');
  });
  after(() => sandbox?.cleanup());

  test('a run name with a newline or a path separator fails with exit 2, one line, and no run', async () => {
    for (const config of ['newline.yaml', 'escape.yaml']) {
      const result = await runCli(['pipeline', 'run', 'p.ts', '--config', config], { sandbox });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /Run name '(first\\nsecond|\.\.\/\.\.\/outside)'/);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const runs = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox });
    assert.equal(runs.json().total ?? runs.json().items.length, 0, 'no run was created');
  });

  test('a stored name holding escape sequences is printed escaped in tables and messages, even with NO_COLOR', async () => {
    const first = await runCli(['stack', 'list'], { sandbox });
    assert.equal(first.code, 0, first.stderr);
    // As an older version (or a direct write) may have stored it.
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(join(sandbox.configDir, 'local_stores', 'default_zen_store', 'zenml.db'));
    db.prepare("update stacks set name = ? where name = 'default'").run('evil\x1b[2J\x1b]0;pwned\x07');
    db.close();
    const list = await runCli(['stack', 'list'], { sandbox });
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stdout, /\x1b|\x07/, 'no raw escape reaches the terminal');
    assert.match(list.stdout, /evil\\u001b\[2J\\u001b\]0;pwned/);
    const missing = await runCli(['stack', 'describe', 'evil\x1b[31m'], { sandbox });
    assert.notEqual(missing.code, 0);
    assert.doesNotMatch(missing.stderr, /\x1b/);
  });
});
