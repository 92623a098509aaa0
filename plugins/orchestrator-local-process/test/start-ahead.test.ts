// A slot maxParallelism leaves free while the remaining steps wait on running ones gets a step
// process started ahead: the next step to start runs in it, already prepared. It counts as a
// step process (none with maxParallelism 1) and one no step took ends with the run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';

// `first` takes long enough for a process started ahead to be up well before it ends.
const PIPELINE = `
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const out = (name: string, value: unknown) => writeFileSync(process.env.OUT_DIR + '/' + name, JSON.stringify(value));
/** The processes a step-process start tied to this step's driver (its pid in their initial environment), this one included. */
const stepProcesses = () => readdirSync('/proc').filter((pid) => {
  try { return /^\\d+$/.test(pid) && readFileSync('/proc/' + pid + '/environ', 'utf8').includes('ZENML_DRIVER_PID=' + process.ppid + '\\0'); } catch { return false; }
}).length;
const first = step({ name: 'first', enableCache: false }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 2500));
  out('first', { ended: Date.now(), driver: process.ppid, processes: stepProcesses() });
  if (process.env.FAIL_FIRST) throw new Error('first failed on purpose');
  return 1;
});
const second = step({ name: 'second', enableCache: false }, ({ x }: { x: number }) => {
  out('second', { processStarted: performance.timeOrigin, pid: process.pid });
  return x + 1;
});
export const chain = pipeline({ name: 'chain' }, () => { second({ x: first() }); });
`;

const read = (sandbox: Sandbox, name: string) => JSON.parse(readFileSync(join(sandbox.dir, name), 'utf8'));

/** Processes still alive that a step-process start tied to `driver` (its pid in their initial environment). */
function stepProcessesOf(driver: number): number[] {
  const marker = `ZENML_DRIVER_PID=${driver}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('local_process: step processes started ahead', () => {
  let sandbox: Sandbox;
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { sandbox, env: { OUT_DIR: sandbox.dir, ...env } });
  before(async () => {
    sandbox = createSandbox('zenml-ahead-');
    sandbox.write('chain.ts', PIPELINE);
    for (const [name, parallelism] of [['two', '2'], ['one', '1']]) {
      assert.equal((await cli(['orchestrator', 'register', name, '--flavor', 'local_process', '--maxParallelism', parallelism])).code, 0);
      assert.equal((await cli(['stack', 'register', `${name}_stack`, '-o', name, '-a', 'default'])).code, 0);
    }
  });
  after(() => sandbox?.cleanup());

  test('with a free slot, the next step runs in a process started before its upstream step ended', async () => {
    const run = await cli(['pipeline', 'run', 'chain.ts', '--stack', 'two_stack', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json().status, 'completed');
    const [first, second] = [read(sandbox, 'first'), read(sandbox, 'second')];
    assert.ok(second.processStarted < first.ended, `second's process started ${second.processStarted - first.ended} ms after first ended`);
    assert.notEqual(second.pid, first.driver);
    // The process started ahead counts toward maxParallelism 2: first's own and that one.
    assert.equal(first.processes, 2);
  });

  test('with maxParallelism 1, no process is started ahead', async () => {
    const run = await cli(['pipeline', 'run', 'chain.ts', '--stack', 'one_stack', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const [first, second] = [read(sandbox, 'first'), read(sandbox, 'second')];
    assert.ok(second.processStarted >= first.ended, 'second started while first still ran');
    assert.equal(first.processes, 1);
  });

  test('a process started ahead that no step takes (its upstream failed) ends with the run and records nothing', async () => {
    const run = await cli(['pipeline', 'run', 'chain.ts', '--stack', 'two_stack', '--json'], { FAIL_FIRST: '1' });
    assert.equal(run.code, 1);
    const driver = read(sandbox, 'first').driver as number;
    assert.deepEqual(stepProcessesOf(driver), [], 'step processes outlived the run');
    const described = (await cli(['pipeline', 'runs', 'describe', run.json().id, '--json'])).json() as { status: string; steps: Array<{ invocationId: string; status: string }> };
    assert.equal(described.status, 'failed');
    assert.deepEqual(
      described.steps.map((s) => [s.invocationId, s.status]).sort(),
      [
        ['first', 'failed'],
        ['second', 'skipped'],
      ],
    );
  });
});
