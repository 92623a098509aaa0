// The interactive paths, on a real pseudo-terminal (util-linux `script`): confirmations and
// prompts for missing values appear only on a TTY, and what the user answers is what happens.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = hasScript ? false : 'util-linux `script` is not installed (apt-get install bsdutils)';
if (skip && process.env.ZENML_TEST_REQUIRE_SERVICES === '1') throw new Error(`ZENML_TEST_REQUIRE_SERVICES=1 but ${skip}`);

/** Runs the CLI on a pseudo-terminal, typing each answer once its prompt text has appeared. */
function onTerminal(sandbox: Sandbox, args: string[], answers: Array<{ after: RegExp; keys: string }>): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: sandbox.cwd, env: { ...sandbox.env, NO_COLOR: '1', TERM: 'xterm' } });
    let screen = '';
    let next = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      // Prompts redraw as keys arrive; only the text after the last answer counts.
      while (next < answers.length && answers[next].after.test(screen)) {
        child.stdin.write(answers[next].keys);
        screen += '\u0000';
        answers[next].after = /$^/; // answered: never match again
        next++;
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no prompt matched in time; screen so far:\n${screen}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, screen });
    });
  });
}

describe('interactive prompts on a terminal', { skip }, () => {
  let sandbox: Sandbox;
  const names = async () => (await runCli(['orchestrator', 'list', '--json'], { sandbox })).json().items.map((c: { name: string }) => c.name).sort();
  before(() => {
    sandbox = createSandbox();
  });
  after(() => sandbox?.cleanup());

  test('a missing flavor is chosen from a list; Enter picks the first', async () => {
    const result = await onTerminal(sandbox, ['orchestrator', 'register', 'picked'], [{ after: /Flavor of the orchestrator/, keys: '\r' }]);
    assert.equal(result.code, 0, result.screen);
    const described = (await runCli(['orchestrator', 'describe', 'picked', '--json'], { sandbox })).json();
    assert.equal(described.flavor, 'local');
  });

  test('delete asks first: "n" keeps the component, "y" deletes it', async () => {
    const kept = await onTerminal(sandbox, ['orchestrator', 'delete', 'picked'], [{ after: /Delete orchestrator 'picked'\?/, keys: 'n\r' }]);
    assert.equal(kept.code, 1, kept.screen);
    assert.match(kept.screen, /Cancelled; nothing was changed/);
    assert.deepEqual(await names(), ['default', 'picked']);

    const deleted = await onTerminal(sandbox, ['orchestrator', 'delete', 'picked'], [{ after: /Delete orchestrator 'picked'\?/, keys: 'y\r' }]);
    assert.equal(deleted.code, 0, deleted.screen);
    assert.deepEqual(await names(), ['default']);
  });

  test('Ctrl-C at a prompt exits 130 with one quiet line and changes nothing', async () => {
    const result = await onTerminal(sandbox, ['orchestrator', 'register', 'interrupted'], [{ after: /Flavor of the orchestrator/, keys: '\u0003' }]);
    assert.equal(result.code, 130, result.screen);
    assert.match(result.screen, /Cancelled\./);
    assert.doesNotMatch(result.screen, /force closed|ExitPromptError|SIGINT/);
    assert.ok(!(await names()).includes('interrupted'));
  });

  test('stack switch without a name offers the stacks, the active one first in focus', async () => {
    const registered = await runCli(['stack', 'register', 'picked_stack', '-o', 'default', '-a', 'default'], { sandbox });
    assert.equal(registered.code, 0, registered.stderr);
    // Sorted by name: default (active, in focus), picked_stack; one step down picks the new one.
    const result = await onTerminal(sandbox, ['stack', 'switch'], [{ after: /Which stack\?/, keys: '\u001b[B\r' }]);
    assert.equal(result.code, 0, result.screen);
    assert.match(result.screen, /Active stack \(global config\): 'picked_stack'/);
    assert.equal((await runCli(['stack', 'describe', '--json'], { sandbox })).json().name, 'picked_stack');
    assert.equal((await runCli(['stack', 'set', 'default'], { sandbox })).code, 0);
  });

  test('without a terminal the same commands fail naming the flag, and change nothing', async () => {
    const noFlavor = await runCli(['orchestrator', 'register', 'blind'], { sandbox });
    assert.equal(noFlavor.code, 2);
    assert.match(noFlavor.stderr, /--flavor/);
    assert.deepEqual(await names(), ['default']);
  });
});
