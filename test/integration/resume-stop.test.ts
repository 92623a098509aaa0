import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const FLAKY = `
import { appendFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const mark = (name: string) => appendFileSync(process.env.COUNT_DIR + '/' + name, 'x');
const a = step({ name: 'a' }, () => { mark('a'); return [1, 2, 3]; });
const b = step({ name: 'b' }, ({ xs }: { xs: number[] }) => {
  mark('b');
  if (process.env.FAIL_B === '1') throw new Error('b fails on purpose');
  return xs.map((x) => x * 10);
});
const c = step({ name: 'c' }, ({ ys }: { ys: number[] }) => { mark('c'); return ys.reduce((s, y) => s + y, 0); });
export const flaky = pipeline({ name: 'flaky', enableCache: false }, () => {
  c({ ys: b({ xs: a() }) });
});
`;

const SLOW = `
import { step, pipeline } from 'zenml';
const first = step({ name: 'first' }, () => 1);
const sleepy = step({ name: 'sleepy' }, async ({ x }: { x: number }) => {
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.SLEEP_MS ?? 4000)));
  return x + 1;
});
const last = step({ name: 'last' }, ({ y }: { y: number }) => y + 1);
export const slow = pipeline({ name: 'slow', enableCache: false }, () => {
  last({ y: sleepy({ x: first() }) });
});
`;

const RETRY = `
import { appendFileSync, readFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const file = process.env.COUNT_DIR + '/tries';
const wobbly = step({ name: 'wobbly', retry: { maxRetries: 3, delayMs: 1500, backoff: 1 } }, () => {
  appendFileSync(file, 'x');
  const tries = readFileSync(file, 'utf8').length;
  if (tries < 3) throw new Error('try ' + tries + ' fails');
  return tries;
});
export const retried = pipeline({ name: 'retried', enableCache: false }, () => { wobbly(); });
`;

describe('resume, stop and retries (real CLI processes)', () => {
  let sandbox: Sandbox;
  const children: ChildProcess[] = [];
  before(() => {
    sandbox = createSandbox('zenml-resume-');
    sandbox.write('counts/.keep', '');
    sandbox.env.COUNT_DIR = join(sandbox.cwd, 'counts');
    sandbox.write('flaky.ts', FLAKY);
    sandbox.write('slow.ts', SLOW);
    sandbox.write('retry.ts', RETRY);
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox?.cleanup();
  });

  const client = async () => new (await import('../../src/index.js')).Client(sandbox.env);
  const countIn = (name: string) => readFileSync(join(sandbox.cwd, 'counts', name), 'utf8').length;

  test('resume re-runs only the failed part and reuses completed outputs, as a linked run', async () => {
    const failed = await runCli(['pipeline', 'run', 'flaky.ts', '--run-name', 'flaky-1', '--json'], { sandbox, env: { FAIL_B: '1' } });
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(failed.json().status, 'failed');
    assert.deepEqual([countIn('a'), countIn('b')], [1, 1]);

    const resumed = await runCli(['pipeline', 'runs', 'resume', 'flaky-1', '--json'], { sandbox });
    assert.equal(resumed.code, 0, resumed.stderr);
    const payload = resumed.json();
    assert.equal(payload.status, 'completed');
    assert.equal(payload.originalRunId, failed.json().id);
    assert.equal(payload.steps.a.status, 'cached', 'completed step reused even with caching disabled');
    assert.equal(payload.steps.b.status, 'completed');
    assert.equal(payload.steps.c.status, 'completed');
    assert.equal(countIn('a'), 1, 'step a did not run again');
    assert.equal(countIn('b'), 2);

    const zen = await client();
    const original = await zen.getPipelineRun('flaky-1');
    const next = await zen.getPipelineRun(payload.name);
    assert.equal(next.run.originalRunId, original.id);
    assert.equal(next.steps.a.outputs.output.id, original.steps.a.outputs.output.id, 'the reused step points at the original output');
    assert.equal(next.steps.a.stepRun.originalStepRunId, original.steps.a.id);
    assert.equal(await next.steps.c.outputs.output.load(), 60);
  });

  test('bad input: resuming a completed run changes nothing', async () => {
    const zen = await client();
    const before = (await zen.listPipelineRuns({ size: 100 })).total;
    const latest = (await zen.listPipelineRuns({ pipeline: 'flaky', status: 'completed', size: 1 })).items[0];
    const result = await runCli(['pipeline', 'runs', 'resume', latest.name], { sandbox });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /completed; there is nothing to resume/);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal((await zen.listPipelineRuns({ size: 100 })).total, before);
  });

  test('bad input: a changed source file needs --force, then resumes with a warning', async () => {
    const failed = await runCli(['pipeline', 'run', 'flaky.ts', '--run-name', 'flaky-2'], { sandbox, env: { FAIL_B: '1' } });
    assert.equal(failed.code, 1);
    appendFileSync(join(sandbox.cwd, 'flaky.ts'), '\n// edited after the run\n');
    const zen = await client();
    const before = (await zen.listPipelineRuns({ size: 100 })).total;
    const refused = await runCli(['pipeline', 'runs', 'resume', 'flaky-2'], { sandbox });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /changed since run 'flaky-2'.*--force/);
    assert.equal((await zen.listPipelineRuns({ size: 100 })).total, before, 'nothing was started');

    const forced = await runCli(['pipeline', 'runs', 'resume', 'flaky-2', '--force', '--json'], { sandbox });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /Warning: .*flaky\.ts changed since run 'flaky-2'/);
    assert.equal(forced.json().status, 'completed');
    assert.equal(forced.json().steps.a.status, 'cached', 'unchanged step code is still reused');
  });

  test('Client.resumeRun resumes a run and refuses a completed one', async () => {
    const failed = await runCli(['pipeline', 'run', 'flaky.ts', '--run-name', 'flaky-3'], { sandbox, env: { FAIL_B: '1' } });
    assert.equal(failed.code, 1);
    const zen = await client();
    // The resumed steps run in this process (and read COUNT_DIR from its env).
    process.env.COUNT_DIR = sandbox.env.COUNT_DIR;
    const result = await zen.resumePipelineRun('flaky-3', { force: true, onWarning: () => undefined });
    delete process.env.COUNT_DIR;
    assert.equal(result.status, 'completed', result.error);
    assert.equal(result.steps.a.cached, true);
    await assert.rejects(zen.resumePipelineRun(result.name), /nothing to resume/);
  });

  function startRun(file: string, runName: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<number | null> } {
    const child = spawn(process.execPath, [CLI, 'pipeline', 'run', file, '--run-name', runName], { cwd: sandbox.cwd, env: { ...sandbox.env, ...env }, stdio: 'ignore' });
    children.push(child);
    return { child, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const stepStatus = async (runName: string, step: string) => {
    const zen = await client();
    return (await zen.listRunSteps({ pipelineRunId: runName })).items.find((s) => s.invocationId === step)?.status;
  };

  test('stop --graceful: the running step finishes, nothing new starts, the run ends stopped', async () => {
    const { exit } = startRun('slow.ts', 'slow-graceful', { SLEEP_MS: '3000' });
    await waitFor('sleepy to run', async () => ((await stepStatus('slow-graceful', 'sleepy')) === 'running' ? true : undefined));
    const stop = await runCli(['pipeline', 'runs', 'stop', 'slow-graceful', '--graceful', '--json'], { sandbox });
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.json().status, 'stopped');
    assert.equal(stop.json().stopRequested, 'graceful');
    assert.equal(await exit, 1, 'the run command reports a run that did not complete');
    const zen = await client();
    const steps = (await zen.listRunSteps({ pipelineRunId: 'slow-graceful' })).items;
    assert.equal(steps.find((s) => s.invocationId === 'sleepy')?.status, 'completed', 'the running step finished');
    assert.notEqual(steps.find((s) => s.invocationId === 'last')?.status, 'completed', 'no new step ran');
  });

  test('stop (immediate): running steps are abandoned and marked stopped; their late results are not registered', async () => {
    const started = Date.now();
    const { exit } = startRun('slow.ts', 'slow-now', { SLEEP_MS: '5000' });
    await waitFor('sleepy to run', async () => ((await stepStatus('slow-now', 'sleepy')) === 'running' ? true : undefined));
    const stop = await runCli(['pipeline', 'runs', 'stop', 'slow-now', '--json'], { sandbox });
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.json().status, 'stopped');
    assert.ok(Date.now() - started < 5000 + 15_000);
    assert.equal(await stepStatus('slow-now', 'sleepy'), 'stopped');
    await exit;
    const zen = await client();
    assert.equal((await zen.getPipelineRun('slow-now')).status, 'stopped');
    assert.equal(await stepStatus('slow-now', 'sleepy'), 'stopped', 'the late result did not flip the step');
    const stoppedRun = await zen.getPipelineRun('slow-now');
    const versions = await zen.listArtifactVersions({ name: 'slow::sleepy::output', size: 100 });
    assert.ok(versions.items.every((v) => v.producerRunId !== stoppedRun.id), 'no version from the stopped step');
  });

  test('bad input: stopping a finished run', async () => {
    const result = await runCli(['pipeline', 'runs', 'stop', 'slow-now'], { sandbox });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already finished \(stopped\); there is nothing to stop/);
  });

  test('retries: the run shows retrying while a step waits, and every attempt is recorded', async () => {
    const { exit } = startRun('retry.ts', 'retried-1');
    const seen = await waitFor('the run to be retrying', async () => {
      const zen = await client();
      return (await zen.getPipelineRun('retried-1')).status === 'retrying' ? true : undefined;
    });
    assert.equal(seen, true);
    assert.equal(await exit, 0);
    const zen = await client();
    const run = await zen.getPipelineRun('retried-1');
    assert.equal(run.status, 'completed');
    const stepRun = run.steps.wobbly.stepRun;
    assert.equal(stepRun.attempts, 3);
    const { store } = await zen.context();
    const metadata = await store.getMetadata('step_run', stepRun.id);
    assert.deepEqual(
      [1, 2, 3].map((n) => (metadata[`attempt_${n}`]?.value as { status: string }).status),
      ['failed', 'failed', 'completed'],
    );
    assert.match((metadata.attempt_1.value as { error: string }).error, /try 1 fails/);
    assert.equal(await run.steps.wobbly.outputs.output.load(), 3);
  });
});
