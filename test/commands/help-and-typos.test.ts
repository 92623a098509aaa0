import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { closestCommand } from '../../src/cli/hooks/command-not-found.js';

describe('zenml help and mistyped commands', () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox?.cleanup());

  test('zenml help lists the topics; zenml help stack list shows that command', async () => {
    const all = await runCli(['help'], { sandbox });
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /TOPICS/);
    assert.match(all.stdout, /^\s+stack\s+Stacks/m);
    const one = await runCli(['help', 'stack', 'list'], { sandbox });
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /\$ zenml stack list/);
  });

  test('--help anywhere shows a command\'s flags and a topic lists its commands (help reads the full manifest)', async () => {
    for (const argv of [['stack', 'list', '--help'], ['stack', 'register', 'x', '--help']]) {
      const result = await runCli(argv, { sandbox });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /FLAGS/, `zenml ${argv.join(' ')}`);
    }
    const topic = await runCli(['stack'], { sandbox });
    assert.match(topic.stdout, /^\s+stack list\s+List stacks/m);
  });

  test('a mistyped command exits 2 with one line naming the closest command, with spaces', async () => {
    for (const [typed, meant] of [
      [['stak', 'list'], 'zenml stack list'],
      [['stack', 'lsit'], 'zenml stack list'],
      [['orchestrator', 'flavour', 'list'], 'zenml orchestrator flavor list'],
    ] as const) {
      const result = await runCli([...typed], { sandbox });
      assert.equal(result.code, 2, `${typed.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.ok(lines[0].includes(`Did you mean \`${meant}\`?`), lines[0]);
      assert.ok(!lines[0].includes(':list'), 'no colon-separated ids');
    }
  });

  test('nothing close: exit 2 pointing at zenml help', async () => {
    const result = await runCli(['frobnicate'], { sandbox });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /`zenml frobnicate` is not a command\. Run `zenml help` for the list\./);
    assert.doesNotMatch(result.stderr, /Did you mean/);
  });

  test('closestCommand weighs every word and refuses far-off guesses', () => {
    const ids = ['stack:list', 'stack:register', 'secret:list', 'pipeline:runs:list'];
    assert.equal(closestCommand(['pipline', 'runs', 'list'], ids), 'pipeline:runs:list');
    assert.equal(closestCommand(['secrt', 'list'], ids), 'secret:list');
    assert.equal(closestCommand(['qqqqqq', 'zzzz'], ids), undefined);
  });

  test('zenml --version answers before oclif loads, with exactly the user agent oclif would print', async () => {
    const { Config } = await import('@oclif/core');
    const config = await Config.load(join(import.meta.dirname, '..', '..'));
    const result = await runCli(['--version'], { sandbox });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${config.userAgent}\n`);
  });
});
