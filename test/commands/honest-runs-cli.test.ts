// "No silent mistakes" and "output a script can trust", through the real CLI: unknown
// parameters are usage errors, a file that runs its own pipeline at import runs once,
// Ctrl-C / SIGTERM stop a run (recorded `stopped`), and --json stdout is one document.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const TYPO = `
import { step, pipeline } from 'zenml';
const load = step({ name: 'load' }, () => [1, 2, 3]);
const train = step({ name: 'train_model' }, ({ data, nEstimators = 10 }: { data: number[]; nEstimators?: number }) => data.length * nEstimators);
export const typo = pipeline({ name: 'typo' }, ({ ratio = 0.5 }: { ratio?: number } = {}) => {
  train({ data: load() });
  void ratio;
});
`;

const SELF_RUN = `
import { existsSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const once = step({ name: 'once' }, () => {
  if (existsSync(new URL('./fail-flag', import.meta.url))) throw new Error('flagged');
  return 1;
});
export const selfRun = pipeline({ name: 'self_run' }, () => { once(); });
const result = await selfRun();
console.log('top-level run:', result.status);
`;

const CHATTY = `
import { step, pipeline } from 'zenml';
console.log('chatter while importing');
const talk = step({ name: 'talk' }, () => { console.log('chatter from a step'); process.stdout.write('more chatter\\n'); return 1; });
export const chatty = pipeline({ name: 'chatty' }, () => { talk(); });
`;

const SLOW = `
import { writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const quick = step({ name: 'quick' }, () => 1);
const slow = step({ name: 'slow' }, async ({ x }: { x: number }) => {
  writeFileSync(process.env.MARKER!, 'started');
  await new Promise((resolve) => setTimeout(resolve, 120_000));
  return x;
});
export const sleepy = pipeline({ name: 'sleepy' }, () => { slow({ x: quick() }); });
`;

describe('honest runs through the CLI', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const runsOf = async (pipeline: string) => (await cli('pipeline', 'runs', 'list', '--pipeline', pipeline, '--json')).json().items as Array<{ id: string; name: string; status: string }>;

  before(() => {
    sandbox = createSandbox('zenml-honest-');
    sandbox.write('typo.ts', TYPO);
    sandbox.write('self.ts', SELF_RUN);
    sandbox.write('chatty.ts', CHATTY);
    sandbox.write('slow.ts', SLOW);
    sandbox.write('step-typo.yaml', 'steps:\n  train_model:\n    parameters:\n      nEstimator: 5\n');
    sandbox.write('top-typo.yaml', 'parameters:\n  ratoi: 0.7\n');
    sandbox.write('good.yaml', 'parameters:\n  ratio: 0.7\nsteps:\n  train_model:\n    parameters:\n      nEstimators: 5\n');
  });
  after(() => sandbox?.cleanup());

  test('a parameter the step or pipeline does not take is a usage error naming it; nothing is stored', async () => {
    const step = await cli('pipeline', 'run', 'typo.ts', '--config', 'step-typo.yaml');
    assert.equal(step.code, 2, step.stderr);
    assert.equal(step.stderr.trim().split('\n').length, 1, step.stderr);
    assert.match(step.stderr, /steps\.train_model\.parameters\.nEstimator'.*step-typo\.yaml.*Its parameters: nEstimators\./);
    const top = await cli('pipeline', 'run', 'typo.ts', '--config', 'top-typo.yaml', '--json');
    assert.equal(top.code, 2, top.stderr);
    assert.match(top.json().error.message, /Pipeline 'typo' takes no parameter 'ratoi'.*Its parameters: ratio\./);
    const missing = await cli('pipeline', 'runs', 'list', '--pipeline', 'typo', '--json');
    assert.match(missing.json().error.message, /No pipeline named .*typo/, 'not even the pipeline was stored');
    const good = await cli('pipeline', 'run', 'typo.ts', '--config', 'good.yaml', '--json');
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.json().status, 'completed');
  });

  test('a file that runs its own pipeline at import runs once, with one warning; resume and child steps skip it too', async () => {
    const first = await cli('pipeline', 'run', 'self.ts', '--json');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json().status, 'completed');
    assert.match(first.stderr, /Skipping the run that self\.ts starts at import; zenml pipeline run runs it\./);
    assert.match(first.stderr, /top-level run: skipped/);
    assert.equal((await runsOf('self_run')).length, 1);

    // The resume imports the file again.
    const flag = sandbox.write('fail-flag', '');
    const failed = await cli('pipeline', 'run', 'self.ts', '--no-cache', '--json');
    assert.equal(failed.code, 1, failed.stderr);
    rmSync(flag);
    const resumed = await cli('pipeline', 'runs', 'resume', failed.json().name, '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /Skipping the run that .*self\.ts starts at import; the resume runs it\./);
    assert.equal((await runsOf('self_run')).length, 3);

    // Each step of local_process imports the file in a child process.
    for (const args of [['orchestrator', 'register', 'proc', '--flavor', 'local_process'], ['stack', 'register', 'proc_stack', '-o', 'proc', '-a', 'default']]) {
      const result = await cli(...args);
      assert.equal(result.code, 0, result.stderr);
    }
    const child = await cli('pipeline', 'run', 'self.ts', '--stack', 'proc_stack', '--no-cache', '--json');
    assert.equal(child.code, 0, child.stderr);
    assert.equal(child.json().status, 'completed');
    assert.equal((await runsOf('self_run')).length, 4);
  });

  test('--json: stdout holds exactly the JSON document; step and import chatter go to stderr', async () => {
    const result = await cli('pipeline', 'run', 'chatty.ts', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().status, 'completed');
    assert.match(result.stderr, /chatter while importing/);
    assert.match(result.stderr, /chatter from a step/);
    assert.match(result.stderr, /more chatter/);
    // Without --json the step's output stays on stdout.
    const plain = await cli('pipeline', 'run', 'chatty.ts', '--no-cache');
    assert.match(plain.stdout, /chatter from a step/);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    test(`${signal} during a run marks the run and its running step stopped and exits ${code}`, async () => {
      const marker = join(sandbox.dir, `marker-${signal}`);
      const child = spawn(process.execPath, [CLI, 'pipeline', 'run', 'slow.ts', '--no-cache', '--json'], { cwd: sandbox.cwd, env: { ...sandbox.env, MARKER: marker } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
      const deadline = Date.now() + 60_000;
      while (!existsSync(marker)) {
        assert.ok(Date.now() < deadline, `the slow step never started: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill(signal);
      const exitCode = await exited;
      assert.equal(exitCode, code, stderr);
      const payload = JSON.parse(stdout);
      assert.equal(payload.status, 'stopped');
      assert.match(payload.error, new RegExp(`interrupted by ${signal}`));
      const described = (await cli('pipeline', 'runs', 'describe', payload.id, '--json')).json();
      assert.equal(described.status, 'stopped');
      const steps = Object.fromEntries(described.steps.map((s: { invocationId: string; status: string }) => [s.invocationId, s.status]));
      assert.deepEqual(steps, { quick: 'completed', slow: 'stopped' });
    });
  }
});
