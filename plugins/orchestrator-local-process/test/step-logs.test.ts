import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';

// Each step runs in its own `zenml step-entrypoint` process: its output is captured there and
// stored in chunks, so what it printed before being SIGKILLed is still there.
const PIPELINE = `
import { step, pipeline } from 'zenml';
const talk = step({ name: 'talk', enableCache: false }, () => {
  console.log('hello from a child process');
  console.error('and from its stderr');
  return 1;
});
const doomed = step({ name: 'doomed', enableCache: false }, async () => {
  console.log('before the kill');
  // Longer than the flush interval: this line is stored before the process dies.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  console.log('never stored');
  process.kill(process.pid, 'SIGKILL');
  return 0;
});
// More than a pipe holds on both streams, then a last word on stderr and a non-zero exit.
const loud = step({ name: 'loud', enableCache: false }, () => {
  const block = 'x'.repeat(1023) + '\\n';
  for (let i = 0; i < 1024; i++) process.stdout.write(block);
  for (let i = 0; i < 1024; i++) process.stderr.write(block);
  // Once that line is out (a write to a full pipe is queued, and process.exit drops the queue).
  return new Promise(() => process.stderr.write('cannot go on: quota exceeded\\n', () => process.exit(3)));
});
const quitter = step({ name: 'quitter', enableCache: false }, () => process.exit(0));
const stuck = step({ name: 'stuck', enableCache: false }, () => new Promise(() => {}));
export const talking = pipeline({ name: 'talking' }, () => { talk(); });
export const flooding = pipeline({ name: 'flooding' }, () => { loud(); });
export const quitting = pipeline({ name: 'quitting' }, () => { quitter(); });
export const stalling = pipeline({ name: 'stalling' }, () => { stuck(); });
export const killed = pipeline({ name: 'killed' }, () => { doomed(); });
`;

describe('local_process step logs', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(async () => {
    sandbox = createSandbox();
    sandbox.write('talk.ts', PIPELINE);
    assert.equal((await cli('orchestrator', 'register', 'procs', '--flavor', 'local_process')).code, 0);
    assert.equal((await cli('stack', 'register', 'procs_stack', '-o', 'procs', '-a', 'default', '--set')).code, 0);
  });
  after(() => sandbox?.cleanup());

  test("console.log and console.error of a step's child process are stored", async () => {
    const run = await cli('pipeline', 'run', 'talk.ts', '--pipeline', 'talking', '--json');
    assert.equal(run.code, 0, run.stderr);
    const logs = await cli('pipeline', 'runs', 'logs', run.json().id, '--step', 'talk');
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, 'hello from a child process\nand from its stderr\n');
  });

  test('a step process that floods stdout and stderr and dies is reported by the last line of its stderr', async () => {
    // The driver reads its step processes' stderr as it comes and keeps only the end (stdout
    // goes nowhere: the step's logs hold it): a process is never blocked on a full pipe.
    const run = await cli('pipeline', 'run', 'talk.ts', '--pipeline', 'flooding', '--json');
    assert.equal(run.code, 1, run.stderr);
    const payload = run.json() as { steps: Record<string, { status: string; error: string }> };
    assert.equal(payload.steps.loud.status, 'failed');
    assert.match(payload.steps.loud.error, /^Step 'loud' its process exited with code 3: cannot go on: quota exceeded$/);
  });

  test('a step whose code calls process.exit(0) fails: its process exits 1, not as if it had succeeded', async () => {
    const run = await cli('pipeline', 'run', 'talk.ts', '--pipeline', 'quitting', '--json');
    assert.equal(run.code, 1, run.stderr);
    const payload = run.json() as { steps: Record<string, { status: string; error: string }> };
    assert.equal(payload.steps.quitter.status, 'failed');
    assert.match(payload.steps.quitter.error, /^Step 'quitter' its process exited with code 1$/);
  });

  test('a step whose promise never settles ends its process with 13 and says so', async () => {
    const run = await cli('pipeline', 'run', 'talk.ts', '--pipeline', 'stalling', '--json');
    assert.equal(run.code, 1, run.stderr);
    const payload = run.json() as { steps: Record<string, { status: string; error: string }> };
    assert.equal(payload.steps.stuck.status, 'failed');
    assert.match(payload.steps.stuck.error, /^Step 'stuck' its process exited with code 13: Error: the step never finished \(a top-level await or promise that never settles\); zenml stopped without finishing\.$/);
  });

  test('a step process SIGKILLed mid-step keeps the output flushed before it died', async () => {
    const run = await cli('pipeline', 'run', 'talk.ts', '--pipeline', 'killed', '--json');
    assert.equal(run.code, 1);
    const id = run.json().id;
    const logs = await cli('pipeline', 'runs', 'logs', id, '--json');
    assert.equal(logs.code, 0, logs.stderr);
    const lines = logs.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((line) => [line.step, line.line]), [['doomed', 'before the kill']]);
  });
});
