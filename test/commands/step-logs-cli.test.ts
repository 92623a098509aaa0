// `zenml pipeline runs logs` and `zenml step runs logs` through the real CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { existsSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const first = step({ name: 'first', enableCache: false }, () => { console.log('one'); console.log('two'); return 1; });
const second = step({ name: 'second', enableCache: false }, ({ x }: { x: number }) => { process.stdout.write('partial'); console.error(' line'); return x; });
export const pair = pipeline({ name: 'pair' }, () => { second({ x: first() }); });

const waiter = step({ name: 'waiter', enableCache: false }, async ({ gate }: { gate: string }) => {
  console.log('first line');
  for (let i = 0; i < 400 && !existsSync(gate); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  console.log('second line');
  return 0;
});
export const waiting = pipeline({ name: 'waiting' }, ({ gate }: { gate: string }) => { waiter({ gate }); });
`;

describe('step logs CLI', () => {
  let sandbox: Sandbox;
  let runId: string;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(async () => {
    sandbox = createSandbox();
    sandbox.write('pair.ts', PIPELINE);
    const run = await cli('pipeline', 'run', 'pair.ts', '--pipeline', 'pair', '--json');
    assert.equal(run.code, 0, run.stderr);
    runId = run.json().id;
  });
  after(() => sandbox?.cleanup());

  test('pipeline runs logs prints every step, each line prefixed with its step', async () => {
    const logs = await cli('pipeline', 'runs', 'logs', runId);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, '[first] one\n[first] two\n[second] partial line\n');
  });

  test('--step picks one step and prints its log as written; --json prints one object per line', async () => {
    const one = await cli('pipeline', 'runs', 'logs', runId, '--step', 'second');
    assert.equal(one.stdout, 'partial line\n');
    const json = await cli('pipeline', 'runs', 'logs', runId, '--json');
    const lines = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map(({ step, line }) => ({ step, line })), [
      { step: 'first', line: 'one' },
      { step: 'first', line: 'two' },
      { step: 'second', line: 'partial line' },
    ]);
    assert.ok(lines.every((line) => typeof line.stepRunId === 'string'));
  });

  test('step runs logs prints one step run', async () => {
    const steps = (await cli('step', 'runs', 'list', '--run', runId, '--json')).json().items as Array<{ id: string; invocationId: string }>;
    const first = steps.find((s) => s.invocationId === 'first')!;
    const logs = await cli('step', 'runs', 'logs', first.id);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, 'one\ntwo\n');
    // The table shows ids cut to 8 characters: that is enough to name the step run.
    const table = await cli('step', 'runs', 'list', '--run', runId);
    assert.ok(table.stdout.includes(first.id.slice(0, 8)), table.stdout);
    const byPrefix = await cli('step', 'runs', 'logs', first.id.slice(0, 8));
    assert.equal(byPrefix.code, 0, byPrefix.stderr);
    assert.equal(byPrefix.stdout, 'one\ntwo\n');
  });

  test('an unknown step is a one-line error', async () => {
    const logs = await cli('pipeline', 'runs', 'logs', runId, '--step', 'nope');
    assert.notEqual(logs.code, 0);
    assert.match(logs.stderr, /^Error: Run '.*' has no step 'nope'/);
  });

  test('--follow shows output while the step runs and exits when the run ends', async () => {
    const gate = join(sandbox.dir, 'gate');
    const config = sandbox.write('waiting.yaml', `parameters:\n  gate: ${JSON.stringify(gate)}\n`);
    const running = runCli(['pipeline', 'run', 'pair.ts', '--pipeline', 'waiting', '--config', config], { sandbox });
    let waitingRun: string | undefined;
    for (let i = 0; i < 200 && !waitingRun; i++) {
      const list = await cli('pipeline', 'runs', 'list', '--pipeline', 'waiting', '--json');
      waitingRun = list.code === 0 ? list.json().items[0]?.id : undefined;
      if (!waitingRun) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(waitingRun, 'the run started');
    const follower = spawn(process.execPath, [CLI, 'pipeline', 'runs', 'logs', waitingRun, '--follow'], { cwd: sandbox.cwd, env: sandbox.env });
    let stdout = '';
    let gateOpened = false;
    follower.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (!gateOpened && stdout.includes('first line')) {
        // Shown while the step still waits: it only goes on once the gate exists.
        assert.equal(stdout.includes('second line'), false);
        gateOpened = true;
        writeFileSync(gate, '');
      }
    });
    const code = await new Promise<number | null>((resolve) => follower.on('exit', resolve));
    assert.equal(gateOpened, true, `never saw the first line: ${stdout}`);
    assert.equal(code, 0);
    assert.equal(stdout, '[waiter] first line\n[waiter] second line\n');
    assert.equal((await running).code, 0);
  });
});
