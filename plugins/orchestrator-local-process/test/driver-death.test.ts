// `kill -9` of the process driving a local_process run: its step processes must end with it,
// and no step may turn up completed on the run that is then marked failed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';

const SLOW = `
import { writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const slow = step({ name: 'slow' }, async () => {
  writeFileSync(process.env.MARKER!, String(process.pid));
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.STEP_MS)));
  writeFileSync(process.env.MARKER! + '.done', 'finished');
  return 1;
});
export const orphan = pipeline({ name: 'orphan' }, () => { slow(); });
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('local_process: step processes die with their driver', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(async () => {
    sandbox = createSandbox('zenml-orphan-');
    sandbox.write('orphan.ts', SLOW);
    assert.equal((await cli('orchestrator', 'register', 'procs', '--flavor', 'local_process')).code, 0);
    assert.equal((await cli('stack', 'register', 'procs_stack', '-o', 'procs', '-a', 'default', '--set')).code, 0);
  });
  after(() => sandbox?.cleanup());

  test('kill -9 of `pipeline run` ends its step process; the step never completes on the failed run', async () => {
    const marker = join(sandbox.dir, 'step-pid');
    // Long enough that the step outlives the driver by far, short enough to see it finish if it survived.
    const stepMs = 3_000;
    const driver = spawn(process.execPath, [CLI, 'pipeline', 'run', 'orphan.ts', '--no-cache'], { cwd: sandbox.cwd, env: { ...sandbox.env, MARKER: marker, STEP_MS: String(stepMs) }, stdio: 'ignore' });
    const exited = new Promise((resolve) => driver.on('exit', resolve));
    await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 'the step to start');
    const stepPid = Number(readFileSync(marker, 'utf8'));
    assert.ok(alive(stepPid));
    driver.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await waitFor(() => !alive(stepPid), 'the step process to end', 10_000);
    assert.ok(Date.now() - killedAt < stepMs, `the step process lived on for ${Date.now() - killedAt} ms after its driver`);
    // Past the moment the step would have finished: it never did, nor was it recorded done.
    await sleep(stepMs + 500);
    assert.equal(existsSync(`${marker}.done`), false, 'the step ran to its end without its driver');
    const [run] = (await cli('pipeline', 'runs', 'list', '--pipeline', 'orphan', '--json')).json().items as Array<{ id: string; status: string }>;
    assert.equal(run.status, 'failed');
    const described = (await cli('pipeline', 'runs', 'describe', run.id, '--json')).json() as { steps: Array<{ invocationId: string; status: string }> };
    assert.deepEqual(
      described.steps.map((s) => [s.invocationId, s.status]),
      [['slow', 'failed']],
    );

    // The crashed run resumes as a new run, linked to it, that completes.
    const resumed = await runCli(['pipeline', 'runs', 'resume', run.id, '--json'], { sandbox, env: { MARKER: `${marker}-resumed`, STEP_MS: '10' } });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.json().status, 'completed');
    assert.equal(resumed.json().originalRunId, run.id);
  });

  test('a step process killed with SIGKILL fails its step and the run, saying so; the run then resumes', async () => {
    const marker = join(sandbox.dir, 'step-pid-killed');
    const running = runCli(['pipeline', 'run', 'orphan.ts', '--no-cache', '--json'], { sandbox, env: { MARKER: marker, STEP_MS: '60000' } });
    await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 'the step to start');
    process.kill(Number(readFileSync(marker, 'utf8')), 'SIGKILL');
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    const payload = result.json() as { id: string; status: string; steps: Record<string, { status: string; error: string }> };
    assert.equal(payload.status, 'failed');
    assert.equal(payload.steps.slow.status, 'failed');
    assert.match(payload.steps.slow.error, /^Step 'slow' its process exited with SIGKILL/);
    const resumed = await runCli(['pipeline', 'runs', 'resume', payload.id, '--json'], { sandbox, env: { MARKER: `${marker}-resumed`, STEP_MS: '10' } });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.json().status, 'completed');
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    test(`${signal} to \`pipeline run\` stops the run and its step process; the command exits ${code}`, async () => {
      const marker = join(sandbox.dir, `step-pid-${signal}`);
      const stepMs = 4_000;
      const driver = spawn(process.execPath, [CLI, 'pipeline', 'run', 'orphan.ts', '--no-cache', '--json'], { cwd: sandbox.cwd, env: { ...sandbox.env, MARKER: marker, STEP_MS: String(stepMs) } });
      let stdout = '';
      let stderr = '';
      driver.stdout.on('data', (chunk) => (stdout += chunk));
      driver.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => driver.on('close', resolve));
      await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 'the step to start');
      const stepPid = Number(readFileSync(marker, 'utf8'));
      // Only the driver gets the signal (a supervisor's SIGTERM), not its whole process group.
      driver.kill(signal);
      assert.equal(await exited, code, stderr);
      const payload = JSON.parse(stdout) as { id: string; status: string; error: string };
      assert.equal(payload.status, 'stopped');
      assert.match(payload.error, new RegExp(`interrupted by ${signal}`));
      await waitFor(() => !alive(stepPid), 'the step process to end', 10_000);
      await sleep(stepMs);
      assert.equal(existsSync(`${marker}.done`), false, 'the step ran to its end after the run stopped');
      const described = (await cli('pipeline', 'runs', 'describe', payload.id, '--json')).json() as { status: string; steps: Array<{ invocationId: string; status: string }> };
      assert.equal(described.status, 'stopped');
      assert.deepEqual(
        described.steps.map((s) => [s.invocationId, s.status]),
        [['slow', 'stopped']],
      );
    });
  }
});
